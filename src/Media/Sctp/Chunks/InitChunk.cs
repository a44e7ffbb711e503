using System.Buffers.Binary;

namespace Sfu.Media.Sctp.Chunks;

/// <summary>Parameter types of INIT and INIT ACK (RFC 9260 §3.3.2, RFC 3758 §3.1, RFC 5061 §4.2.7).</summary>
public static class SctpInitParameterType
{
    public const ushort Ipv4Address = 5;
    public const ushort Ipv6Address = 6;
    public const ushort StateCookie = 7;
    public const ushort UnrecognizedParameter = 8;
    public const ushort CookiePreservative = 9;
    public const ushort HostNameAddress = 11;
    public const ushort SupportedAddressTypes = 12;
    public const ushort SupportedExtensions = 0x8008;
    public const ushort ForwardTsnSupported = 0xC000;
}

/// <summary>
/// INIT and INIT ACK (RFC 9260 §3.3.2, §3.3.3); the same fixed fields, then TLV parameters:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 1/2  |  Chunk Flags  |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Initiate Tag                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Advertised Receiver Window Credit (a_rwnd)          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Number of Outbound Streams   |  Number of Inbound Streams    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Initial TSN                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \              Optional/Variable-Length Parameters              \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct InitChunk
{
    /// <summary>Chunk header plus the fixed fields.</summary>
    public const int HeaderSize = 20;

    public InitChunk(bool isAck, uint initiateTag, uint advertisedReceiverWindowCredit, ushort outboundStreams,
        ushort inboundStreams, uint initialTsn, ReadOnlySpan<byte> parameters)
    {
        IsAck = isAck;
        InitiateTag = initiateTag;
        AdvertisedReceiverWindowCredit = advertisedReceiverWindowCredit;
        OutboundStreams = outboundStreams;
        InboundStreams = inboundStreams;
        InitialTsn = initialTsn;
        Parameters = parameters;
    }

    /// <summary>True for INIT ACK (type 2), false for INIT (type 1).</summary>
    public bool IsAck { get; }

    public uint InitiateTag { get; }

    public uint AdvertisedReceiverWindowCredit { get; }

    public ushort OutboundStreams { get; }

    public ushort InboundStreams { get; }

    public uint InitialTsn { get; }

    /// <summary>The optional parameters as they are on the wire (TLVs with padding).</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    public int SerializedLength => HeaderSize + SctpWire.Align4(Parameters.Length);

    /// <summary>
    /// Parses an INIT or INIT ACK. The Initiate Tag and both stream counts must be non-zero (RFC 9260 §3.3.2) and the
    /// parameters must be well-formed TLVs, otherwise <see cref="SctpParseError.Malformed"/>.
    /// </summary>
    public static bool TryParse(SctpChunk chunk, out InitChunk result, out SctpParseError error)
    {
        result = default;
        if (chunk.Type is not ((byte)SctpChunkType.Init or (byte)SctpChunkType.InitAck))
        {
            error = SctpParseError.WrongType;
            return false;
        }

        ReadOnlySpan<byte> v = chunk.Value;
        if (v.Length < HeaderSize - SctpChunk.HeaderSize)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        var init = new InitChunk(
            chunk.Type == (byte)SctpChunkType.InitAck,
            BinaryPrimitives.ReadUInt32BigEndian(v),
            BinaryPrimitives.ReadUInt32BigEndian(v.Slice(4)),
            BinaryPrimitives.ReadUInt16BigEndian(v.Slice(8)),
            BinaryPrimitives.ReadUInt16BigEndian(v.Slice(10)),
            BinaryPrimitives.ReadUInt32BigEndian(v.Slice(12)),
            v.Slice(16));
        if (init.InitiateTag == 0 || init.OutboundStreams == 0 || init.InboundStreams == 0)
        {
            error = SctpParseError.Malformed;
            return false;
        }

        var reader = new SctpParameterReader(init.Parameters);
        while (reader.TryReadNext(out _))
        {
        }

        if (reader.Error != SctpParseError.None)
        {
            error = reader.Error;
            return false;
        }

        result = init;
        error = SctpParseError.None;
        return true;
    }

    /// <summary>The State Cookie parameter's value (INIT ACK).</summary>
    public bool TryGetStateCookie(out ReadOnlySpan<byte> cookie)
    {
        var reader = new SctpParameterReader(Parameters);
        while (reader.TryReadNext(out SctpParameter p))
        {
            if (p.Type == SctpInitParameterType.StateCookie)
            {
                cookie = p.Value;
                return true;
            }
        }

        cookie = default;
        return false;
    }

    /// <summary>The peer supports PR-SCTP: Forward-TSN-Supported (RFC 3758 §3.1) or FORWARD TSN in Supported Extensions.</summary>
    public bool SupportsForwardTsn => HasParameter(SctpInitParameterType.ForwardTsnSupported) || ListsExtension(SctpChunkType.ForwardTsn);

    /// <summary>The peer lists RE-CONFIG in its Supported Extensions parameter (RFC 6525 §4.1, RFC 5061 §4.2.7).</summary>
    public bool SupportsReConfig => ListsExtension(SctpChunkType.ReConfig);

    private bool HasParameter(ushort type)
    {
        var reader = new SctpParameterReader(Parameters);
        while (reader.TryReadNext(out SctpParameter p))
        {
            if (p.Type == type)
            {
                return true;
            }
        }

        return false;
    }

    private bool ListsExtension(SctpChunkType chunkType)
    {
        var reader = new SctpParameterReader(Parameters);
        while (reader.TryReadNext(out SctpParameter p))
        {
            if (p.Type == SctpInitParameterType.SupportedExtensions && p.Value.IndexOf((byte)chunkType) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes the chunk; <see cref="Parameters"/> must already be padded TLVs.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = SerializedLength;
        if (destination.Length < written || written > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        SctpWire.WriteChunkHeader(destination, IsAck ? SctpChunkType.InitAck : SctpChunkType.Init, 0, HeaderSize + Parameters.Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), InitiateTag);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), AdvertisedReceiverWindowCredit);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(12), OutboundStreams);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(14), InboundStreams);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), InitialTsn);
        Parameters.CopyTo(destination.Slice(HeaderSize));
        return true;
    }
}
