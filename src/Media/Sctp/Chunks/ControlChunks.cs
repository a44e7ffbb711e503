using System.Buffers.Binary;

namespace Sfu.Media.Sctp.Chunks;

/// <summary>Error cause codes (RFC 9260 §3.3.10).</summary>
public enum SctpErrorCauseCode : ushort
{
    InvalidStreamIdentifier = 1,
    MissingMandatoryParameter = 2,
    StaleCookie = 3,
    OutOfResource = 4,
    UnresolvableAddress = 5,
    UnrecognizedChunkType = 6,
    InvalidMandatoryParameter = 7,
    UnrecognizedParameters = 8,
    NoUserData = 9,
    CookieReceivedWhileShuttingDown = 10,
    RestartWithNewAddresses = 11,
    UserInitiatedAbort = 12,
    ProtocolViolation = 13,
}

/// <summary>
/// HEARTBEAT and HEARTBEAT ACK (RFC 9260 §3.3.5, §3.3.6): one Heartbeat Info parameter (type 1) whose value is
/// opaque to the receiver, which echoes it back unchanged.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 4/5  | Chunk  Flags  |      Heartbeat Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Heartbeat Info Type = 1    |         HB Info Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                  Sender-Specific Heartbeat Info               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct HeartbeatChunk
{
    public const ushort HeartbeatInfoType = 1;

    public HeartbeatChunk(bool isAck, ReadOnlySpan<byte> info)
    {
        IsAck = isAck;
        Info = info;
    }

    public bool IsAck { get; }

    /// <summary>The Heartbeat Info parameter's value.</summary>
    public ReadOnlySpan<byte> Info { get; }

    public int SerializedLength => SctpChunk.HeaderSize + SctpWire.Align4(SctpParameter.HeaderSize + Info.Length);

    public static bool TryParse(SctpChunk chunk, out HeartbeatChunk result, out SctpParseError error)
    {
        result = default;
        if (chunk.Type is not ((byte)SctpChunkType.Heartbeat or (byte)SctpChunkType.HeartbeatAck))
        {
            error = SctpParseError.WrongType;
            return false;
        }

        if (!SctpParameter.TryRead(chunk.Value, out SctpParameter info, out _, out error))
        {
            return false;
        }

        if (info.Type != HeartbeatInfoType)
        {
            error = SctpParseError.Malformed;
            return false;
        }

        result = new HeartbeatChunk(chunk.Type == (byte)SctpChunkType.HeartbeatAck, info.Value);
        return true;
    }

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = SerializedLength;
        if (destination.Length < written || written > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        SctpWire.WriteChunkHeader(destination, IsAck ? SctpChunkType.HeartbeatAck : SctpChunkType.Heartbeat, 0,
            SctpChunk.HeaderSize + SctpParameter.HeaderSize + Info.Length);
        SctpParameter.TryWrite(destination.Slice(SctpChunk.HeaderSize), HeartbeatInfoType, Info, out _);
        return true;
    }
}

/// <summary>
/// ABORT (RFC 9260 §3.3.7) and ERROR (§3.3.10): a flags octet (ABORT's T bit: the Verification Tag is the
/// sender's own, reflected) and zero or more error causes (TLVs: code, length, information).
/// </summary>
public readonly ref struct ErrorCausesChunk
{
    /// <summary>The T bit of ABORT and SHUTDOWN COMPLETE.</summary>
    public const byte TagReflectedFlag = 0x01;

    public ErrorCausesChunk(bool isAbort, bool tagReflected, ReadOnlySpan<byte> causes)
    {
        IsAbort = isAbort;
        IsTagReflected = tagReflected;
        Causes = causes;
    }

    /// <summary>True for ABORT (type 6), false for ERROR (type 9).</summary>
    public bool IsAbort { get; }

    public bool IsTagReflected { get; }

    /// <summary>The error causes as on the wire (walk them with <see cref="SctpParameterReader"/>).</summary>
    public ReadOnlySpan<byte> Causes { get; }

    /// <summary>The first cause's code, or null when there is none.</summary>
    public SctpErrorCauseCode? FirstCauseCode
    {
        get
        {
            var reader = new SctpParameterReader(Causes);
            return reader.TryReadNext(out SctpParameter cause) ? (SctpErrorCauseCode)cause.Type : null;
        }
    }

    public static bool TryParse(SctpChunk chunk, out ErrorCausesChunk result, out SctpParseError error)
    {
        result = default;
        if (chunk.Type is not ((byte)SctpChunkType.Abort or (byte)SctpChunkType.Error))
        {
            error = SctpParseError.WrongType;
            return false;
        }

        var reader = new SctpParameterReader(chunk.Value);
        while (reader.TryReadNext(out _))
        {
        }

        if (reader.Error != SctpParseError.None)
        {
            error = reader.Error;
            return false;
        }

        bool isAbort = chunk.Type == (byte)SctpChunkType.Abort;
        result = new ErrorCausesChunk(isAbort, isAbort && (chunk.Flags & TagReflectedFlag) != 0, chunk.Value);
        error = SctpParseError.None;
        return true;
    }

    /// <summary>Size of the chunk with one cause carrying <paramref name="informationLength"/> bytes (0 for no cause: -1).</summary>
    public static int GetSerializedLength(int informationLength) =>
        SctpChunk.HeaderSize + (informationLength < 0 ? 0 : SctpWire.Align4(SctpParameter.HeaderSize + informationLength));

    /// <summary>Writes an ABORT or ERROR with one cause (or none when <paramref name="cause"/> is null).</summary>
    public static bool TryWrite(Span<byte> destination, bool isAbort, bool tagReflected, SctpErrorCauseCode? cause,
        ReadOnlySpan<byte> information, out int written)
    {
        written = GetSerializedLength(cause is null ? -1 : information.Length);
        if (destination.Length < written || written > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        int length = cause is null ? SctpChunk.HeaderSize : SctpChunk.HeaderSize + SctpParameter.HeaderSize + information.Length;
        SctpWire.WriteChunkHeader(destination, isAbort ? SctpChunkType.Abort : SctpChunkType.Error,
            (byte)(isAbort && tagReflected ? TagReflectedFlag : 0), length);
        if (cause is { } code)
        {
            SctpParameter.TryWrite(destination.Slice(SctpChunk.HeaderSize), (ushort)code, information, out _);
        }

        return true;
    }
}

/// <summary>
/// SHUTDOWN (RFC 9260 §3.3.8): the Cumulative TSN Ack.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 7    | Chunk  Flags  |      Length = 8               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Cumulative TSN Ack                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct ShutdownChunk
{
    public const int Size = 8;

    public ShutdownChunk(uint cumulativeTsnAck) => CumulativeTsnAck = cumulativeTsnAck;

    public uint CumulativeTsnAck { get; }

    public static bool TryParse(SctpChunk chunk, out ShutdownChunk result, out SctpParseError error)
    {
        result = default;
        if (chunk.Type != (byte)SctpChunkType.Shutdown)
        {
            error = SctpParseError.WrongType;
            return false;
        }

        if (chunk.Value.Length < 4)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        result = new ShutdownChunk(BinaryPrimitives.ReadUInt32BigEndian(chunk.Value));
        error = SctpParseError.None;
        return true;
    }

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = Size;
        if (destination.Length < Size)
        {
            written = 0;
            return false;
        }

        SctpWire.WriteChunkHeader(destination, SctpChunkType.Shutdown, 0, Size);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), CumulativeTsnAck);
        return true;
    }
}

/// <summary>COOKIE ECHO (RFC 9260 §3.3.11): the State Cookie from the INIT ACK, unchanged.</summary>
public readonly ref struct CookieEchoChunk
{
    public CookieEchoChunk(ReadOnlySpan<byte> cookie) => Cookie = cookie;

    public ReadOnlySpan<byte> Cookie { get; }

    public int SerializedLength => SctpWire.Align4(SctpChunk.HeaderSize + Cookie.Length);

    public static bool TryParse(SctpChunk chunk, out CookieEchoChunk result, out SctpParseError error)
    {
        result = default;
        if (chunk.Type != (byte)SctpChunkType.CookieEcho)
        {
            error = SctpParseError.WrongType;
            return false;
        }

        result = new CookieEchoChunk(chunk.Value);
        error = SctpParseError.None;
        return true;
    }

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = SerializedLength;
        if (destination.Length < written || written > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        SctpWire.WriteChunkHeader(destination, SctpChunkType.CookieEcho, 0, SctpChunk.HeaderSize + Cookie.Length);
        Cookie.CopyTo(destination.Slice(SctpChunk.HeaderSize));
        return true;
    }
}

/// <summary>
/// Chunks that are only a header: COOKIE ACK (RFC 9260 §3.3.12), SHUTDOWN ACK (§3.3.9) and SHUTDOWN COMPLETE
/// (§3.3.13, whose T bit says the Verification Tag is reflected).
/// </summary>
public static class EmptyChunk
{
    public const int Size = SctpChunk.HeaderSize;

    public static bool TryWrite(Span<byte> destination, SctpChunkType type, byte flags, out int written)
    {
        if (destination.Length < Size)
        {
            written = 0;
            return false;
        }

        written = SctpWire.WriteChunkHeader(destination, type, flags, Size);
        return true;
    }
}
