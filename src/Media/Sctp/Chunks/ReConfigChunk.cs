using System.Buffers.Binary;

namespace Sfu.Media.Sctp.Chunks;

/// <summary>RE-CONFIG parameter types (RFC 6525 §4).</summary>
public static class ReConfigParameterType
{
    public const ushort OutgoingSsnResetRequest = 13;
    public const ushort IncomingSsnResetRequest = 14;
    public const ushort SsnTsnResetRequest = 15;
    public const ushort ReConfigurationResponse = 16;
    public const ushort AddOutgoingStreamsRequest = 17;
    public const ushort AddIncomingStreamsRequest = 18;
}

/// <summary>Re-configuration Response results (RFC 6525 §4.4).</summary>
public enum ReConfigResult : uint
{
    SuccessNothingToDo = 0,
    SuccessPerformed = 1,
    Denied = 2,
    ErrorWrongSsn = 3,
    ErrorRequestAlreadyInProgress = 4,
    ErrorBadSequenceNumber = 5,
    InProgress = 6,
}

/// <summary>
/// RE-CONFIG (RFC 6525 §3.1): one or two re-configuration parameters.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Type = 130    |  Chunk Flags  |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                  Re-configuration Parameter                   \
/// \             Re-configuration Parameter (optional)             \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct ReConfigChunk
{
    public ReConfigChunk(ReadOnlySpan<byte> parameters) => Parameters = parameters;

    /// <summary>The parameters as on the wire (walk them with <see cref="SctpParameterReader"/>).</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    public static bool TryParse(SctpChunk chunk, out ReConfigChunk result, out SctpParseError error)
    {
        result = default;
        if (chunk.Type != (byte)SctpChunkType.ReConfig)
        {
            error = SctpParseError.WrongType;
            return false;
        }

        var reader = new SctpParameterReader(chunk.Value);
        int count = 0;
        while (reader.TryReadNext(out _))
        {
            count++;
        }

        if (reader.Error != SctpParseError.None)
        {
            error = reader.Error;
            return false;
        }

        if (count is < 1 or > 2)
        {
            error = SctpParseError.Malformed;
            return false;
        }

        result = new ReConfigChunk(chunk.Value);
        error = SctpParseError.None;
        return true;
    }

    /// <summary>
    /// Writes the chunk header in front of <paramref name="parametersLength"/> bytes of parameters that the caller
    /// already wrote at <c>destination[4..]</c>; returns the padded chunk size.
    /// </summary>
    public static int WriteHeader(Span<byte> destination, int parametersLength) =>
        SctpWire.WriteChunkHeader(destination, SctpChunkType.ReConfig, 0, SctpChunk.HeaderSize + parametersLength);
}

/// <summary>
/// Outgoing SSN Reset Request Parameter (RFC 6525 §4.1):
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Re-configuration Request Sequence Number            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Re-configuration Response Sequence Number           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                Sender's Last Assigned TSN                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
/// /                            ......                             /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// No stream numbers means every stream.
/// </summary>
public readonly ref struct OutgoingSsnResetRequest
{
    public const int FixedSize = 16;

    private readonly ReadOnlySpan<byte> _streams;

    private OutgoingSsnResetRequest(uint requestSequenceNumber, uint responseSequenceNumber, uint sendersLastAssignedTsn, ReadOnlySpan<byte> streams)
    {
        RequestSequenceNumber = requestSequenceNumber;
        ResponseSequenceNumber = responseSequenceNumber;
        SendersLastAssignedTsn = sendersLastAssignedTsn;
        _streams = streams;
    }

    public uint RequestSequenceNumber { get; }

    public uint ResponseSequenceNumber { get; }

    public uint SendersLastAssignedTsn { get; }

    public int StreamCount => _streams.Length / 2;

    public ushort GetStream(int index) => BinaryPrimitives.ReadUInt16BigEndian(_streams.Slice(index * 2));

    public static bool TryParse(SctpParameter parameter, out OutgoingSsnResetRequest result, out SctpParseError error)
    {
        result = default;
        if (parameter.Type != ReConfigParameterType.OutgoingSsnResetRequest)
        {
            error = SctpParseError.WrongType;
            return false;
        }

        ReadOnlySpan<byte> v = parameter.Value;
        if (v.Length < FixedSize - SctpParameter.HeaderSize)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        if (v.Length % 2 != 0)
        {
            error = SctpParseError.Malformed;
            return false;
        }

        result = new OutgoingSsnResetRequest(
            BinaryPrimitives.ReadUInt32BigEndian(v),
            BinaryPrimitives.ReadUInt32BigEndian(v.Slice(4)),
            BinaryPrimitives.ReadUInt32BigEndian(v.Slice(8)),
            v.Slice(12));
        error = SctpParseError.None;
        return true;
    }

    public static int GetSerializedLength(int streamCount) => SctpWire.Align4(FixedSize + (2 * streamCount));

    public static bool TryWrite(Span<byte> destination, uint requestSequenceNumber, uint responseSequenceNumber,
        uint sendersLastAssignedTsn, ReadOnlySpan<ushort> streams, out int written)
    {
        int length = FixedSize + (2 * streams.Length);
        written = SctpWire.Align4(length);
        if (destination.Length < written || length > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, ReConfigParameterType.OutgoingSsnResetRequest);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), requestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), responseSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), sendersLastAssignedTsn);
        for (int i = 0; i < streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(FixedSize + (2 * i)), streams[i]);
        }

        destination.Slice(length, written - length).Clear();
        return true;
    }
}

/// <summary>
/// Incoming SSN Reset Request Parameter (RFC 6525 §4.2): the sender asks the receiver to reset its outgoing streams.
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 14       |  Parameter Length = 8 + 2 * N |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Re-configuration Request Sequence Number             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly ref struct IncomingSsnResetRequest
{
    public const int FixedSize = 8;

    private readonly ReadOnlySpan<byte> _streams;

    private IncomingSsnResetRequest(uint requestSequenceNumber, ReadOnlySpan<byte> streams)
    {
        RequestSequenceNumber = requestSequenceNumber;
        _streams = streams;
    }

    public uint RequestSequenceNumber { get; }

    public int StreamCount => _streams.Length / 2;

    public ushort GetStream(int index) => BinaryPrimitives.ReadUInt16BigEndian(_streams.Slice(index * 2));

    public static bool TryParse(SctpParameter parameter, out IncomingSsnResetRequest result, out SctpParseError error)
    {
        result = default;
        if (parameter.Type != ReConfigParameterType.IncomingSsnResetRequest)
        {
            error = SctpParseError.WrongType;
            return false;
        }

        ReadOnlySpan<byte> v = parameter.Value;
        if (v.Length < 4)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        if (v.Length % 2 != 0)
        {
            error = SctpParseError.Malformed;
            return false;
        }

        result = new IncomingSsnResetRequest(BinaryPrimitives.ReadUInt32BigEndian(v), v.Slice(4));
        error = SctpParseError.None;
        return true;
    }

    public static bool TryWrite(Span<byte> destination, uint requestSequenceNumber, ReadOnlySpan<ushort> streams, out int written)
    {
        int length = FixedSize + (2 * streams.Length);
        written = SctpWire.Align4(length);
        if (destination.Length < written || length > ushort.MaxValue)
        {
            written = 0;
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, ReConfigParameterType.IncomingSsnResetRequest);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), requestSequenceNumber);
        for (int i = 0; i < streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(FixedSize + (2 * i)), streams[i]);
        }

        destination.Slice(length, written - length).Clear();
        return true;
    }
}

/// <summary>
/// Re-configuration Response Parameter (RFC 6525 §4.4); the two TSNs are optional (only for SSN/TSN resets).
/// <code>
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 16       |      Parameter Length         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Re-configuration Response Sequence Number             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            Result                             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                   Sender's Next TSN (optional)                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  Receiver's Next TSN (optional)               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
public readonly record struct ReConfigResponse(uint ResponseSequenceNumber, ReConfigResult Result, bool HasTsns = false,
    uint SendersNextTsn = 0, uint ReceiversNextTsn = 0)
{
    public int SerializedLength => HasTsns ? 20 : 12;

    public static bool TryParse(SctpParameter parameter, out ReConfigResponse result, out SctpParseError error)
    {
        result = default;
        if (parameter.Type != ReConfigParameterType.ReConfigurationResponse)
        {
            error = SctpParseError.WrongType;
            return false;
        }

        ReadOnlySpan<byte> v = parameter.Value;
        if (v.Length < 8)
        {
            error = SctpParseError.Truncated;
            return false;
        }

        bool hasTsns = v.Length >= 16;
        result = new ReConfigResponse(
            BinaryPrimitives.ReadUInt32BigEndian(v),
            (ReConfigResult)BinaryPrimitives.ReadUInt32BigEndian(v.Slice(4)),
            hasTsns,
            hasTsns ? BinaryPrimitives.ReadUInt32BigEndian(v.Slice(8)) : 0,
            hasTsns ? BinaryPrimitives.ReadUInt32BigEndian(v.Slice(12)) : 0);
        error = SctpParseError.None;
        return true;
    }

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = SerializedLength;
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination, ReConfigParameterType.ReConfigurationResponse);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), (ushort)written);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), ResponseSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), (uint)Result);
        if (HasTsns)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(12), SendersNextTsn);
            BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(16), ReceiversNextTsn);
        }

        return true;
    }
}
