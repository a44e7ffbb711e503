using System.Buffers.Binary;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Sfu.Media.Rtp;

/// <summary>
/// A view over one RTP packet in a caller-owned buffer (RFC 3550 §5.1). Parsing validates the header and computes the
/// offsets; getters read and setters write the buffer in place with big-endian <see cref="BinaryPrimitives"/>.
/// Nothing is copied or allocated.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           timestamp                           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           synchronization source (SSRC) identifier            |
/// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
/// |            contributing source (CSRC) identifiers             |
/// |                             ....                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      defined by profile       |           length              |  (X = 1, RFC 3550 §5.3.1)
/// |                        header extension                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                            payload  ...  | padding | count    |  (P = 1)
/// </code>
/// The span must cover exactly one datagram: padding is counted from its last octet. Header-only and padding-only
/// packets are valid. Malformed extension elements end the element walk (as libwebrtc does) but do not fail parsing.
/// </remarks>
public readonly ref struct RtpPacketView
{
    /// <summary>Size of the fixed header.</summary>
    public const int FixedHeaderLength = 12;

    /// <summary>"Defined by profile" value of the one-byte form (RFC 8285 §4.2).</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>"Defined by profile" value of the two-byte form with appbits 0 (RFC 8285 §4.3).</summary>
    public const ushort TwoByteProfile = 0x1000;

    private readonly Span<byte> _buffer;
    private readonly int _headerLength;
    private readonly int _extensionOffset;
    private readonly int _extensionLength;
    private readonly int _paddingLength;

    private RtpPacketView(Span<byte> buffer, int headerLength, int extensionOffset, int extensionLength, int paddingLength)
    {
        _buffer = buffer;
        _headerLength = headerLength;
        _extensionOffset = extensionOffset;
        _extensionLength = extensionLength;
        _paddingLength = paddingLength;
    }

    /// <summary>Validates <paramref name="datagram"/> as one RTP packet and returns a view over it.</summary>
    public static bool TryParse(Span<byte> datagram, out RtpPacketView packet, out RtpParseError error)
    {
        packet = default;
        int length = datagram.Length;
        if (length < FixedHeaderLength)
        {
            error = RtpParseError.Truncated;
            return false;
        }

        byte b0 = datagram[0];
        if ((b0 >> 6) != 2)
        {
            error = RtpParseError.BadVersion;
            return false;
        }

        int headerLength = FixedHeaderLength + ((b0 & 0x0F) << 2);
        if (headerLength > length)
        {
            error = RtpParseError.Truncated;
            return false;
        }

        int extensionOffset = -1;
        int extensionLength = 0;
        if ((b0 & 0x10) != 0)
        {
            if (headerLength + 4 > length)
            {
                error = RtpParseError.Truncated;
                return false;
            }

            extensionOffset = headerLength;
            extensionLength = BinaryPrimitives.ReadUInt16BigEndian(datagram.Slice(headerLength + 2)) << 2;
            headerLength += 4 + extensionLength;
            if (headerLength > length)
            {
                error = RtpParseError.BadExtensionLength;
                return false;
            }
        }

        int paddingLength = 0;
        if ((b0 & 0x20) != 0)
        {
            if (length == headerLength)
            {
                error = RtpParseError.BadPadding;
                return false;
            }

            paddingLength = datagram[length - 1];
            if (paddingLength == 0 || headerLength + paddingLength > length)
            {
                error = RtpParseError.BadPadding;
                return false;
            }
        }

        packet = new RtpPacketView(datagram, headerLength, extensionOffset, extensionLength, paddingLength);
        error = RtpParseError.None;
        return true;
    }

    /// <summary>
    /// RFC 5761 §4 / RFC 7983 demultiplexing: version 2, at least a fixed header, and a second octet outside 192–223
    /// (i.e. not an RTCP packet type; RTP payload types 64–95 with the marker bit would collide and are not used).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsRtp(ReadOnlySpan<byte> data) =>
        data.Length >= FixedHeaderLength && (data[0] >> 6) == 2 && (data[1] < 192 || data[1] > 223);

    /// <summary>
    /// RFC 5761 §4 demultiplexing: version 2, at least a common RTCP header, and a second octet (packet type) in 192–223.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsRtcp(ReadOnlySpan<byte> data) =>
        data.Length >= 4 && (data[0] >> 6) == 2 && data[1] >= 192 && data[1] <= 223;

    /// <summary>The whole packet.</summary>
    public Span<byte> Buffer => _buffer;

    /// <summary>Length of the whole packet in bytes.</summary>
    public int Length => _buffer.Length;

    /// <summary>Fixed header + CSRCs + header extension, in bytes.</summary>
    public int HeaderLength => _headerLength;

    /// <summary>True when the P bit is set.</summary>
    public bool HasPadding => (_buffer[0] & 0x20) != 0;

    /// <summary>True when the X bit is set.</summary>
    public bool HasExtension => (_buffer[0] & 0x10) != 0;

    /// <summary>Number of CSRC identifiers (CC).</summary>
    public int CsrcCount => _buffer[0] & 0x0F;

    /// <summary>The marker bit (M).</summary>
    public bool Marker
    {
        get => (_buffer[1] & 0x80) != 0;
        set => _buffer[1] = (byte)(value ? _buffer[1] | 0x80 : _buffer[1] & 0x7F);
    }

    /// <summary>The 7-bit payload type (PT).</summary>
    public byte PayloadType
    {
        get => (byte)(_buffer[1] & 0x7F);
        set
        {
            Debug.Assert(value < 128, "payload type is 7 bits");
            _buffer[1] = (byte)((_buffer[1] & 0x80) | (value & 0x7F));
        }
    }

    /// <summary>The 16-bit sequence number.</summary>
    public ushort SequenceNumber
    {
        get => BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(2));
        set => BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(2), value);
    }

    /// <summary>The 32-bit media timestamp.</summary>
    public uint Timestamp
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(4));
        set => BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(4), value);
    }

    /// <summary>The synchronization source.</summary>
    public uint Ssrc
    {
        get => BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(8));
        set => BinaryPrimitives.WriteUInt32BigEndian(_buffer.Slice(8), value);
    }

    /// <summary>The CSRC list as raw bytes (4 per identifier).</summary>
    public ReadOnlySpan<byte> CsrcBytes => _buffer.Slice(FixedHeaderLength, CsrcCount << 2);

    /// <summary>The CSRC at <paramref name="index"/> (0 ≤ index &lt; <see cref="CsrcCount"/>).</summary>
    public uint GetCsrc(int index)
    {
        if ((uint)index >= (uint)CsrcCount)
        {
            ThrowIndex();
        }

        return BinaryPrimitives.ReadUInt32BigEndian(_buffer.Slice(FixedHeaderLength + (index << 2)));
    }

    /// <summary>The payload, between the header and the padding.</summary>
    public Span<byte> Payload => _buffer.Slice(_headerLength, _buffer.Length - _headerLength - _paddingLength);

    /// <summary>Payload length in bytes (0 for header-only and padding-only packets).</summary>
    public int PayloadLength => _buffer.Length - _headerLength - _paddingLength;

    /// <summary>Number of padding octets including the count octet (0 without the P bit).</summary>
    public int PaddingLength => _paddingLength;

    /// <summary>The payload and the padding after it: everything after the header.</summary>
    public Span<byte> PayloadAndPadding => _buffer.Slice(_headerLength);

    /// <summary>The 16-bit "defined by profile" field of the header extension (0 when there is none).</summary>
    public ushort ExtensionProfile =>
        _extensionOffset < 0 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(_extensionOffset));

    /// <summary>The form of the header extension block.</summary>
    public RtpExtensionForm ExtensionForm => _extensionOffset < 0 ? RtpExtensionForm.None : FormOf(ExtensionProfile);

    /// <summary>The extension elements area (after the 4-byte extension header), padded to 32 bits.</summary>
    public Span<byte> ExtensionData =>
        _extensionOffset < 0 ? Span<byte>.Empty : _buffer.Slice(_extensionOffset + 4, _extensionLength);

    /// <summary>Enumerates the header extension elements (RFC 8285) without allocating.</summary>
    public RtpExtensionEnumerator Extensions => new(ExtensionData, ExtensionForm);

    /// <summary>Finds the value of extension element <paramref name="id"/>.</summary>
    public bool TryGetExtension(int id, out ReadOnlySpan<byte> value)
    {
        if (TryFindExtension(id, out int offset, out int length))
        {
            value = _buffer.Slice(offset, length);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>True when extension element <paramref name="id"/> is present.</summary>
    public bool HasExtensionElement(int id) => TryFindExtension(id, out _, out _);

    /// <summary>Finds the value of extension element <paramref name="id"/> for writing in place.</summary>
    public bool TryGetWritableExtension(int id, out Span<byte> value)
    {
        if (TryFindExtension(id, out int offset, out int length))
        {
            value = _buffer.Slice(offset, length);
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Replaces the value of extension element <paramref name="id"/> in place when it is present with exactly
    /// <paramref name="value"/>'s length (e.g. abs-send-time, 3 bytes; transport-wide sequence number, 2 bytes).
    /// </summary>
    public bool TrySetExtensionValue(int id, ReadOnlySpan<byte> value)
    {
        if (TryFindExtension(id, out int offset, out int length) && length == value.Length)
        {
            value.CopyTo(_buffer.Slice(offset, length));
            return true;
        }

        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static RtpExtensionForm FormOf(ushort profile) =>
        profile == OneByteProfile ? RtpExtensionForm.OneByte
        : (profile & 0xFFF0) == TwoByteProfile ? RtpExtensionForm.TwoByte
        : RtpExtensionForm.Other;

    private bool TryFindExtension(int id, out int offset, out int length)
    {
        if (_extensionOffset >= 0 && id > 0)
        {
            int dataStart = _extensionOffset + 4;
            var e = new RtpExtensionEnumerator(_buffer.Slice(dataStart, _extensionLength), ExtensionForm);
            while (e.MoveNext())
            {
                if (e.CurrentId == id)
                {
                    offset = dataStart + e.CurrentOffset;
                    length = e.CurrentLength;
                    return true;
                }
            }
        }

        offset = 0;
        length = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowIndex() => throw new ArgumentOutOfRangeException("index");
}

/// <summary>One header extension element: its local id and its value.</summary>
public readonly ref struct RtpExtensionElement
{
    /// <summary>Creates an element view.</summary>
    public RtpExtensionElement(int id, ReadOnlySpan<byte> value)
    {
        Id = id;
        Value = value;
    }

    /// <summary>The local identifier (1–14 one-byte form, 1–255 two-byte form).</summary>
    public int Id { get; }

    /// <summary>The element's value.</summary>
    public ReadOnlySpan<byte> Value { get; }
}

/// <summary>
/// Walks the elements of an RFC 8285 extension block. Padding octets (0) are skipped; the one-byte id 15 and an element
/// that runs past the block end the walk. Blocks of other profiles yield nothing.
/// </summary>
public ref struct RtpExtensionEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly RtpExtensionForm _form;
    private int _next;

    /// <summary>Walks <paramref name="data"/> (the bytes after the 4-byte extension header) in the given form.</summary>
    public RtpExtensionEnumerator(ReadOnlySpan<byte> data, RtpExtensionForm form)
    {
        _data = data;
        _form = form;
        _next = 0;
        CurrentId = 0;
        CurrentOffset = 0;
        CurrentLength = 0;
    }

    /// <summary>The current element's id.</summary>
    public int CurrentId { get; private set; }

    /// <summary>The current element value's offset within the extension data.</summary>
    public int CurrentOffset { get; private set; }

    /// <summary>The current element value's length.</summary>
    public int CurrentLength { get; private set; }

    /// <summary>The current element.</summary>
    public readonly RtpExtensionElement Current => new(CurrentId, _data.Slice(CurrentOffset, CurrentLength));

    /// <summary>Supports <c>foreach</c>.</summary>
    public readonly RtpExtensionEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next element.</summary>
    public bool MoveNext()
    {
        ReadOnlySpan<byte> data = _data;
        int pos = _next;
        if (_form == RtpExtensionForm.OneByte)
        {
            while (pos < data.Length)
            {
                byte b = data[pos];
                int id = b >> 4;
                if (id == 0)
                {
                    pos++; // padding
                    continue;
                }

                if (id == 15)
                {
                    break; // RFC 8285 §4.2: stop processing
                }

                int length = (b & 0x0F) + 1;
                if (pos + 1 + length > data.Length)
                {
                    break;
                }

                CurrentId = id;
                CurrentOffset = pos + 1;
                CurrentLength = length;
                _next = pos + 1 + length;
                return true;
            }
        }
        else if (_form == RtpExtensionForm.TwoByte)
        {
            while (pos < data.Length)
            {
                byte id = data[pos];
                if (id == 0)
                {
                    pos++; // padding
                    continue;
                }

                if (pos + 2 > data.Length)
                {
                    break;
                }

                int length = data[pos + 1];
                if (pos + 2 + length > data.Length)
                {
                    break;
                }

                CurrentId = id;
                CurrentOffset = pos + 2;
                CurrentLength = length;
                _next = pos + 2 + length;
                return true;
            }
        }

        _next = data.Length;
        return false;
    }
}
