using System.Text.Json.Serialization;

namespace Sfu.Contracts.Dumps;

/// <summary>
/// W5 <c>worker.dump()</c>: <c>{ pid, webRtcServerIds, routerIds,
/// channelMessageHandlers: { channelRequestHandlers, channelNotificationHandlers }, liburing? }</c>.
/// </summary>
public sealed record WorkerDump
{
    public int Pid { get; init; }

    public IReadOnlyList<string> WebRtcServerIds { get; init; } = [];

    public IReadOnlyList<string> RouterIds { get; init; } = [];

    public WorkerChannelMessageHandlers ChannelMessageHandlers { get; init; } = new();

    /// <summary>Only where io_uring is in use.</summary>
    public WorkerLiburingDump? Liburing { get; init; }
}

/// <summary><c>{ channelRequestHandlers, channelNotificationHandlers }</c>: the ids the worker has handlers for.</summary>
public sealed record WorkerChannelMessageHandlers
{
    public IReadOnlyList<string> ChannelRequestHandlers { get; init; } = [];

    public IReadOnlyList<string> ChannelNotificationHandlers { get; init; } = [];
}

/// <summary><c>{ sqeProcessCount, sqeMissCount, userDataMissCount }</c>.</summary>
public sealed record WorkerLiburingDump
{
    public long SqeProcessCount { get; init; }

    public long SqeMissCount { get; init; }

    public long UserDataMissCount { get; init; }
}

/// <summary>
/// W6 <c>worker.getResourceUsage()</c>: the fields of <c>getrusage(2)</c> / libuv's <c>uv_rusage_t</c>, with
/// their C names (<c>ru_utime</c> …). CPU times are in milliseconds.
/// </summary>
public sealed record WorkerResourceUsage
{
    /// <summary>User CPU time used (ms).</summary>
    [JsonPropertyName("ru_utime")]
    public long UserCpuTime { get; init; }

    /// <summary>System CPU time used (ms).</summary>
    [JsonPropertyName("ru_stime")]
    public long SystemCpuTime { get; init; }

    /// <summary>Maximum resident set size.</summary>
    [JsonPropertyName("ru_maxrss")]
    public long MaxResidentSetSize { get; init; }

    /// <summary>Integral shared memory size.</summary>
    [JsonPropertyName("ru_ixrss")]
    public long IntegralSharedMemorySize { get; init; }

    /// <summary>Integral unshared data size.</summary>
    [JsonPropertyName("ru_idrss")]
    public long IntegralUnsharedDataSize { get; init; }

    /// <summary>Integral unshared stack size.</summary>
    [JsonPropertyName("ru_isrss")]
    public long IntegralUnsharedStackSize { get; init; }

    /// <summary>Page reclaims (soft page faults).</summary>
    [JsonPropertyName("ru_minflt")]
    public long SoftPageFaults { get; init; }

    /// <summary>Page faults (hard page faults).</summary>
    [JsonPropertyName("ru_majflt")]
    public long HardPageFaults { get; init; }

    /// <summary>Swaps.</summary>
    [JsonPropertyName("ru_nswap")]
    public long Swaps { get; init; }

    /// <summary>Block input operations.</summary>
    [JsonPropertyName("ru_inblock")]
    public long BlockInputOperations { get; init; }

    /// <summary>Block output operations.</summary>
    [JsonPropertyName("ru_oublock")]
    public long BlockOutputOperations { get; init; }

    /// <summary>IPC messages sent.</summary>
    [JsonPropertyName("ru_msgsnd")]
    public long IpcMessagesSent { get; init; }

    /// <summary>IPC messages received.</summary>
    [JsonPropertyName("ru_msgrcv")]
    public long IpcMessagesReceived { get; init; }

    /// <summary>Signals received.</summary>
    [JsonPropertyName("ru_nsignals")]
    public long SignalsReceived { get; init; }

    /// <summary>Voluntary context switches.</summary>
    [JsonPropertyName("ru_nvcsw")]
    public long VoluntaryContextSwitches { get; init; }

    /// <summary>Involuntary context switches.</summary>
    [JsonPropertyName("ru_nivcsw")]
    public long InvoluntaryContextSwitches { get; init; }
}
