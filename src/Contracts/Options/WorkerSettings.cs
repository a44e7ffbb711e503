using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sfu.Contracts.Json;

namespace Sfu.Contracts.Options;

/// <summary>
/// M1 <c>createWorker(settings)</c>. In this project a worker is a node's media loop configured from HOCON;
/// the record serves embedded use and mirrors mediasoup's options.
/// </summary>
public sealed record WorkerSettings
{
    /// <summary>Default <c>'error'</c>.</summary>
    public WorkerLogLevel? LogLevel { get; init; }

    /// <summary>Tags as strings (<c>'info'</c>, <c>'ice'</c>, <c>'dtls'</c> … W7).</summary>
    public IReadOnlyList<string>? LogTags { get; init; }

    /// <summary>Default 10000.</summary>
    public int? RtcMinPort { get; init; }

    /// <summary>Default 59999.</summary>
    public int? RtcMaxPort { get; init; }

    /// <summary>PEM certificate file; a self-signed one is made when unset (W9).</summary>
    public string? DtlsCertificateFile { get; init; }

    /// <summary>PEM private key file.</summary>
    public string? DtlsPrivateKeyFile { get; init; }

    public string? LibwebrtcFieldTrials { get; init; }

    public bool? DisableLiburing { get; init; }

    public JsonObject? AppData { get; init; }
}

/// <summary>W7 <c>worker.updateSettings({ logLevel?, logTags? })</c>.</summary>
public sealed record WorkerUpdateableSettings
{
    public WorkerLogLevel? LogLevel { get; init; }

    public IReadOnlyList<string>? LogTags { get; init; }
}

/// <summary>W7 worker log tags, as mediasoup spells them.</summary>
public static class WorkerLogTags
{
    /// <summary>Every tag, in mediasoup's order.</summary>
    public static IReadOnlyList<string> All { get; } =
        ["info", "ice", "dtls", "rtp", "srtp", "rtcp", "rtx", "bwe", "score", "simulcast", "svc", "sctp", "message"];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal); // after All: initialised in order

    public static bool IsKnown(string tag) => Known.Contains(tag);
}

/// <summary>Worker log level: <c>'debug'|'warn'|'error'|'none'</c>.</summary>
[JsonConverter(typeof(WireEnumConverter<WorkerLogLevel>))]
public enum WorkerLogLevel
{
    [JsonStringEnumMemberName("debug")] Debug,
    [JsonStringEnumMemberName("warn")] Warn,
    [JsonStringEnumMemberName("error")] Error,
    [JsonStringEnumMemberName("none")] None,
}
