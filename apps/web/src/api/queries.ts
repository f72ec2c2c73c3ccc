import { QueryClient, useQuery } from '@tanstack/react-query';
import { ApiError, api } from './client';

const READINESS_POLL_MS = 30_000;

function shouldRetry(failureCount: number, error: Error): boolean {
  // A 4xx will not change by asking again; anything else gets two more tries.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: shouldRetry } } });
}

export function useAppInfo() {
  return useQuery({
    queryKey: ['meta'],
    queryFn: ({ signal }) => api.getAppInfo(signal),
    staleTime: 5 * 60_000,
  });
}

export function useReadiness() {
  return useQuery({
    queryKey: ['health', 'ready'],
    queryFn: ({ signal }) => api.getReadiness(signal),
    refetchInterval: READINESS_POLL_MS,
    // Polling already retries; showing a failure at once is the honest status.
    retry: false,
  });
}
