package io.leasehold.load;

import io.leasehold.load.core.QuotaTracker;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What a load run observed. Every request ends in exactly one of admitted (2xx), denied (429) or
 * failed (any other status, a connection error, or no answer within the deadline); {@code late}
 * counts answered requests whose latency from their intended start exceeded the deadline.
 *
 * @param latencyNanos latency of every answered request, from its intended start
 * @param maxLatencyNanosPerSecond the largest latency (answered or failed) of the requests meant to
 *     start in each second of the run
 * @param failures failure reasons (status or exception class) → count
 */
public record LoadResult(LoadSpec spec, long requests, long admitted, long denied, long failed, long late,
    Histogram latencyNanos, long[] maxLatencyNanosPerSecond, QuotaTracker quotas, Map<String, Long> failures,
    double wallSeconds) {}
