// Preloaded into the test processes. V8 in Node 22–26 can abort while it frees WebAssembly code as the
// process tears down after PGlite was used ("Check failed: jit_page_->allocations_.erase(addr) == 1" or
// "jit_page.has_value()", nodejs/node#64500), which turns a test file whose tests all passed into a failed
// one. A process that leaves through process.exit() skips that teardown. This listener is registered before
// any other 'exit' listener, so it runs the others first, then leaves with the exit code already decided.
process.on('exit', function exitWithoutTeardown(code) {
  for (const listener of process.listeners('exit')) {
    if (listener !== exitWithoutTeardown) listener.call(process, code);
  }
  process.exit(process.exitCode ?? code);
});
