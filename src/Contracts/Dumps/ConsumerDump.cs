using System.Text.Json.Serialization;
using Sfu.Contracts.Json;
using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Dumps;

/// <summary>
/// C13 <c>consumer.dump()</c>: the base fields <c>{ id, producerId, kind, type, rtpParameters,
/// consumableRtpEncodings?, supportedCodecPayloadTypes, traceEventTypes, paused, producerPaused, priority }</c>
/// and, per <c>type</c>, <see cref="SimpleConsumerDump"/>, <see cref="SimulcastConsumerDump"/>,
/// <see cref="SvcConsumerDump"/> or <see cref="PipeConsumerDump"/>.
/// Written through a base reference, a dump writes all the fields of its kind; read as this base type,
/// the <c>type</c> field picks the kind.
/// </summary>
[JsonConverter(typeof(ConsumerDumpConverter))]
public abstract record ConsumerDump
{
    public abstract ConsumerType Type { get; }

    public string Id { get; init; } = "";

    public string ProducerId { get; init; } = "";

    public MediaKind Kind { get; init; }

    public RtpParameters RtpParameters { get; init; } = new();

    /// <summary>The producer's consumable encodings (ORTC-4).</summary>
    public IReadOnlyList<RtpEncodingParameters>? ConsumableRtpEncodings { get; init; }

    public IReadOnlyList<int> SupportedCodecPayloadTypes { get; init; } = [];

    public IReadOnlyList<string> TraceEventTypes { get; init; } = [];

    public bool Paused { get; init; }

    public bool ProducerPaused { get; init; }

    public int Priority { get; init; }
}

/// <summary><c>type: 'simple'</c>: base plus <c>rtpStream</c>.</summary>
public sealed record SimpleConsumerDump : ConsumerDump
{
    public override ConsumerType Type => ConsumerType.Simple;

    public RtpStreamDump RtpStream { get; init; } = new();
}

/// <summary>
/// The layered kinds (simulcast and SVC): base plus <c>{ rtpStream, preferredSpatialLayer, targetSpatialLayer,
/// currentSpatialLayer, preferredTemporalLayer, targetTemporalLayer, currentTemporalLayer }</c>; −1 means none.
/// </summary>
public abstract record LayeredConsumerDump : ConsumerDump
{
    public RtpStreamDump RtpStream { get; init; } = new();

    public int PreferredSpatialLayer { get; init; }

    public int TargetSpatialLayer { get; init; }

    public int CurrentSpatialLayer { get; init; }

    public int PreferredTemporalLayer { get; init; }

    public int TargetTemporalLayer { get; init; }

    public int CurrentTemporalLayer { get; init; }
}

/// <summary><c>type: 'simulcast'</c>.</summary>
public sealed record SimulcastConsumerDump : LayeredConsumerDump
{
    public override ConsumerType Type => ConsumerType.Simulcast;
}

/// <summary><c>type: 'svc'</c>.</summary>
public sealed record SvcConsumerDump : LayeredConsumerDump
{
    public override ConsumerType Type => ConsumerType.Svc;
}

/// <summary><c>type: 'pipe'</c>: base plus <c>rtpStreams</c>, one per producer encoding.</summary>
public sealed record PipeConsumerDump : ConsumerDump
{
    public override ConsumerType Type => ConsumerType.Pipe;

    public IReadOnlyList<RtpStreamDump> RtpStreams { get; init; } = [];
}

/// <summary>Reads a <see cref="ConsumerDump"/> by its <c>type</c>; writes the runtime type's fields.</summary>
public sealed class ConsumerDumpConverter : TypeFieldConverter<ConsumerDump>
{
    protected override Type? DerivedTypeFor(string type) => type switch
    {
        "simple" => typeof(SimpleConsumerDump),
        "simulcast" => typeof(SimulcastConsumerDump),
        "svc" => typeof(SvcConsumerDump),
        "pipe" => typeof(PipeConsumerDump),
        _ => null,
    };
}
