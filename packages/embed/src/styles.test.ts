import assert from 'node:assert/strict';
import { test } from 'node:test';
import { STYLES } from './styles';

/** WCAG 2.x contrast ratio of two sRGB colours. */
function contrast(a: number[], b: number[]): number {
  const luminance = (rgb: number[]) => {
    const [r = 0, g = 0, b = 0] = rgb.map((value) => {
      const channel = value / 255;
      return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function variable(name: string): number[] {
  const match = new RegExp(`--${name}: (\\d+) (\\d+) (\\d+);`).exec(STYLES);
  assert.ok(match, `--${name} is defined`);
  return match.slice(1).map(Number);
}

test("the unread badge's white count on its ruby fill meets WCAG AA (4.5:1)", () => {
  assert.match(STYLES, /\.badge \{[^}]*background: rgb\(var\(--wh-ruby\)\); color: #fff;/);
  assert.ok(contrast([255, 255, 255], variable('wh-ruby')) >= 4.5);
});
