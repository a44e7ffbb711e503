using System.Text.Json.Serialization;
using Sfu.Contracts.Json;
using Sfu.Contracts.Rtp;

namespace Sfu.Contracts.Stats;

/// <summary>
/// §3.9 One RTP stream's stats: a producer returns <c>inbound-rtp</c> entries (P10), a consumer returns
/// <c>outbound-rtp</c> and then its producer stream's <c>inbound-rtp</c> (C12), so a list of this base type mixes
/// both. Written through a base reference, an entry writes all the fields of its kind; read as this base type,
/// the <c>type</c> field picks the kind. Counters follow RFC 3550 §6.4 (packetsLost, fractionLost, jitter).
/// </summary>
[JsonConverter(typeof(RtpStreamStatsConverter))]
public abstract record RtpStreamStats
{
    /// <summary><c>'inbound-rtp'</c> or <c>'outbound-rtp'</c>.</summary>
    public abstract string Type { get; }

    public long Timestamp { get; init; }

    public uint Ssrc { get; init; }

    public uint? RtxSsrc { get; init; }

    public string? Rid { get; init; }

    public MediaKind Kind { get; init; }

    public string MimeType { get; init; } = "";

    /// <summary>Cumulative number of packets lost (RFC 3550 §6.4.1; may be negative with duplicates).</summary>
    public long PacketsLost { get; init; }

    /// <summary>Fraction lost, 0 … 255 (RFC 3550 §6.4.1, fixed point /256).</summary>
    public int FractionLost { get; init; }

    public long PacketsDiscarded { get; init; }

    public long PacketsRetransmitted { get; init; }

    public long PacketsRepaired { get; init; }

    public long NackCount { get; init; }

    public long NackPacketCount { get; init; }

    public long PliCount { get; init; }

    public long FirCount { get; init; }

    /// <summary>0 … 10.</summary>
    public int Score { get; init; }

    /// <summary>Milliseconds.</summary>
    public double? RoundTripTime { get; init; }

    public long? RtxPacketsDiscarded { get; init; }
}

/// <summary>
/// <c>{ ...base, type: 'inbound-rtp', jitter, packetCount, byteCount, bitrate, bitrateByLayer }</c>;
/// <c>bitrateByLayer</c> maps <c>"spatial.temporal"</c> (<c>"0.0"</c>, <c>"1.2"</c> …) to bps (MP3).
/// </summary>
public sealed record InboundRtpStats : RtpStreamStats
{
    public const string TypeName = "inbound-rtp";

    public override string Type => TypeName;

    /// <summary>Interarrival jitter in RTP timestamp units (RFC 3550 §6.4.1).</summary>
    public long Jitter { get; init; }

    public long PacketCount { get; init; }

    public long ByteCount { get; init; }

    public long Bitrate { get; init; }

    public IReadOnlyDictionary<string, long> BitrateByLayer { get; init; } = new Dictionary<string, long>();
}

/// <summary><c>{ ...base, type: 'outbound-rtp', packetCount, byteCount, bitrate }</c>.</summary>
public sealed record OutboundRtpStats : RtpStreamStats
{
    public const string TypeName = "outbound-rtp";

    public override string Type => TypeName;

    public long PacketCount { get; init; }

    public long ByteCount { get; init; }

    public long Bitrate { get; init; }
}

/// <summary>Reads an <see cref="RtpStreamStats"/> by its <c>type</c>; writes the runtime type's fields.</summary>
public sealed class RtpStreamStatsConverter : TypeFieldConverter<RtpStreamStats>
{
    protected override Type? DerivedTypeFor(string type) => type switch
    {
        InboundRtpStats.TypeName => typeof(InboundRtpStats),
        OutboundRtpStats.TypeName => typeof(OutboundRtpStats),
        _ => null,
    };
}
