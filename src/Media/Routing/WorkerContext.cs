using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sfu.Media.Buffers;
using Sfu.Media.Net;

namespace Sfu.Media.Routing;

/// <summary>
/// What every media object of one worker shares: the loop (its thread, timers and sockets), the packet pool, scratch
/// buffers for the packet path, and a rate-limited log for dropped input. One per worker; loop thread only.
/// </summary>
public sealed class WorkerContext
{
    /// <summary>The largest packet the engine builds or forwards (the receive buffers are this large).</summary>
    public const int MaxPacketSize = 2048;

    public WorkerContext(MediaLoop loop, int workerId, ILoggerFactory? loggerFactory = null)
    {
        Loop = loop;
        WorkerId = workerId;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Sfu.Media");
        DropLog = new RateLimitedLog(Logger, TimeSpan.FromSeconds(5));
        UnixMicrosecondsAtZero = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000 - loop.Now.Microseconds;
    }

    public MediaLoop Loop { get; }

    public int WorkerId { get; }

    public ILogger Logger { get; }

    /// <summary>Warnings about bad network input: at most one line per interval per kind, with the count suppressed.</summary>
    public RateLimitedLog DropLog { get; }

    /// <summary>Packets kept beyond a call (retransmission buffers).</summary>
    public PacketBufferPool Pool { get; } = new(MaxPacketSize);

    /// <summary>Unix time (µs) at the loop's <see cref="Time.Instant.Zero"/>: NTP times in RTCP and stats timestamps.</summary>
    public long UnixMicrosecondsAtZero { get; }

    /// <summary>Where a producer writes the router-space copy of a packet (used by one packet at a time).</summary>
    internal byte[] RouterPacketScratch { get; } = GC.AllocateArray<byte>(MaxPacketSize, pinned: true);

    /// <summary>Where a transport builds RTCP compounds and RTX packets (used by one packet at a time).</summary>
    internal byte[] RtcpScratch { get; } = GC.AllocateArray<byte>(MaxPacketSize, pinned: true);

    /// <summary>Unix milliseconds for a loop instant (stats timestamps).</summary>
    public long UnixMilliseconds(Time.Instant now) => (UnixMicrosecondsAtZero + now.Microseconds) / 1000;
}

/// <summary>
/// A log for events that can come at packet rate (bad input): one line per kind per interval, saying how many were
/// suppressed. <see cref="ShouldLog"/> allocates nothing, so the hot path checks it before formatting anything.
/// </summary>
public sealed class RateLimitedLog(ILogger logger, TimeSpan interval)
{
    private readonly Dictionary<int, (long NextUs, long Suppressed)> _state = new();
    private readonly long _intervalUs = interval.Ticks / 10;

    public ILogger Logger => logger;

    /// <summary>True when a line of <paramref name="kind"/> may be written now; otherwise counts it as suppressed.</summary>
    public bool ShouldLog(int kind, Time.Instant now, out long suppressed)
    {
        if (!logger.IsEnabled(LogLevel.Warning))
        {
            suppressed = 0;
            return false;
        }
        _state.TryGetValue(kind, out var state);
        if (now.Microseconds < state.NextUs)
        {
            _state[kind] = (state.NextUs, state.Suppressed + 1);
            suppressed = 0;
            return false;
        }
        suppressed = state.Suppressed;
        _state[kind] = (now.Microseconds + _intervalUs, 0);
        return true;
    }
}
