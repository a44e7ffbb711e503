using System.Buffers.Binary;

namespace Sfu.Media.Rtcp;

/// <summary>
/// A fixed-size feedback control information (FCI) entry: read and written in place, no allocation
/// (the <c>HttpParser&lt;T&gt;</c> trick: generic code over a struct is specialised by the JIT).
/// </summary>
/// <typeparam name="TSelf">The implementing struct.</typeparam>
public interface IRtcpFeedbackItem<TSelf>
    where TSelf : struct, IRtcpFeedbackItem<TSelf>
{
    /// <summary>Entry size in bytes (a multiple of 4).</summary>
    static abstract int Size { get; }

    /// <summary>Reads an entry from the first <see cref="Size"/> bytes; false when its values are invalid.</summary>
    static abstract bool TryRead(ReadOnlySpan<byte> source, out TSelf item);

    /// <summary>Writes the entry into the first <see cref="Size"/> bytes; false when a value does not fit the wire.</summary>
    bool TryWrite(Span<byte> destination);
}

/// <summary>
/// A feedback message (RFC 4585 §6.1), PT 205 or 206, viewed without interpreting its FCI: used for PLI and SR-REQ
/// (no FCI), application layer feedback other than REMB, and unknown formats.
/// <code>
/// |V=2|P|   FMT   |       PT      |          length               |
/// |                  SSRC of packet sender                        |
/// |                  SSRC of media source                         |
/// :            Feedback Control Information (FCI)                 :
/// </code>
/// </summary>
public readonly ref struct RtcpFeedback
{
    /// <summary>Body size before the FCI.</summary>
    public const int CommonLength = 8;

    private readonly ReadOnlySpan<byte> _body;

    private RtcpFeedback(RtcpHeader header, ReadOnlySpan<byte> body)
    {
        Header = header;
        _body = body;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>The feedback message type (FMT).</summary>
    public int Format => Header.Count;

    /// <summary>SSRC of packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SSRC of media source.</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    /// <summary>The feedback control information.</summary>
    public ReadOnlySpan<byte> Fci => _body.Slice(CommonLength);

    /// <summary>Parses one RTPFB or PSFB packet of any format.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpFeedback feedback, out RtcpParseError error)
    {
        feedback = default;
        if (!TryParseBody(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        feedback = new RtcpFeedback(header, body);
        return true;
    }

    /// <summary>Parses one feedback packet of the given type and format.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, RtcpPacketType type, int format, out RtcpFeedback feedback,
        out RtcpParseError error)
    {
        feedback = default;
        if (!TryParseBody(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != type || header.Count != format)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        feedback = new RtcpFeedback(header, body);
        return true;
    }

    internal static bool TryParseBody(ReadOnlySpan<byte> packet, out RtcpHeader header, out ReadOnlySpan<byte> body,
        out RtcpParseError error)
    {
        if (!RtcpHeader.TryParse(packet, out header, out body, out error))
        {
            return false;
        }

        if (header.Type != RtcpPacketType.TransportLayerFeedback && header.Type != RtcpPacketType.PayloadSpecificFeedback)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        if (body.Length < CommonLength)
        {
            error = RtcpParseError.BadLength;
            return false;
        }

        return true;
    }
}

/// <summary>
/// A feedback message whose FCI is a list of fixed-size entries (NACK, TMMBR/TMMBN, TLLEI, ECN, SLI, FIR,
/// TSTR/TSTN, PSLEI). Every entry is validated on parse.
/// </summary>
/// <typeparam name="TItem">The FCI entry type.</typeparam>
public readonly ref struct RtcpFeedbackPacket<TItem>
    where TItem : struct, IRtcpFeedbackItem<TItem>
{
    private readonly ReadOnlySpan<byte> _body;

    private RtcpFeedbackPacket(RtcpHeader header, ReadOnlySpan<byte> body)
    {
        Header = header;
        _body = body;
    }

    /// <summary>The common header.</summary>
    public RtcpHeader Header { get; }

    /// <summary>The feedback message type (FMT).</summary>
    public int Format => Header.Count;

    /// <summary>SSRC of packet sender.</summary>
    public uint SenderSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body);

    /// <summary>SSRC of media source.</summary>
    public uint MediaSsrc => BinaryPrimitives.ReadUInt32BigEndian(_body.Slice(4));

    /// <summary>Number of FCI entries.</summary>
    public int Count => (_body.Length - RtcpFeedback.CommonLength) / TItem.Size;

    /// <summary>FCI entry <paramref name="index"/>.</summary>
    public TItem this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            TItem.TryRead(_body.Slice(RtcpFeedback.CommonLength + index * TItem.Size), out TItem item);
            return item;
        }
    }

    /// <summary>Enumerates the FCI entries.</summary>
    public Enumerator GetEnumerator() => new(_body.Slice(RtcpFeedback.CommonLength));

    /// <summary>
    /// Parses one feedback packet of the given type and format whose FCI is a whole, non-zero number of valid
    /// <typeparamref name="TItem"/> entries (TMMBN may be empty).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, RtcpPacketType type, int format,
        out RtcpFeedbackPacket<TItem> feedback, out RtcpParseError error)
    {
        feedback = default;
        if (!RtcpFeedback.TryParseBody(packet, out RtcpHeader header, out ReadOnlySpan<byte> body, out error))
        {
            return false;
        }

        if (header.Type != type || header.Count != format)
        {
            error = RtcpParseError.WrongPacketType;
            return false;
        }

        ReadOnlySpan<byte> fci = body.Slice(RtcpFeedback.CommonLength);
        if (fci.Length % TItem.Size != 0)
        {
            error = RtcpParseError.BadFeedbackItem;
            return false;
        }

        // Every list-type FCI carries at least one entry, except TMMBN's empty bounding set (RFC 5104 §4.2.2.2).
        if (fci.IsEmpty && !(type == RtcpPacketType.TransportLayerFeedback && format == (int)TransportLayerFeedbackFormat.Tmmbn))
        {
            error = RtcpParseError.BadLength;
            return false;
        }

        for (int pos = 0; pos < fci.Length; pos += TItem.Size)
        {
            if (!TItem.TryRead(fci.Slice(pos), out _))
            {
                error = RtcpParseError.BadFeedbackItem;
                return false;
            }
        }

        feedback = new RtcpFeedbackPacket<TItem>(header, body);
        return true;
    }

    /// <summary>Enumerates FCI entries.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _fci;
        private int _offset;

        internal Enumerator(ReadOnlySpan<byte> fci)
        {
            _fci = fci;
            _offset = -TItem.Size;
        }

        /// <summary>The current entry.</summary>
        public readonly TItem Current
        {
            get
            {
                TItem.TryRead(_fci.Slice(_offset), out TItem item);
                return item;
            }
        }

        /// <summary>Advances to the next entry.</summary>
        public bool MoveNext()
        {
            _offset += TItem.Size;
            return _offset + TItem.Size <= _fci.Length;
        }
    }
}

/// <summary>Writes a feedback packet with a raw FCI (PLI and SR-REQ have none); FCI length must be a multiple of 4.</summary>
public readonly ref struct RtcpFeedbackWriter
{
    private readonly ReadOnlySpan<byte> _fci;

    /// <summary>Describes the packet to write.</summary>
    public RtcpFeedbackWriter(RtcpPacketType type, int format, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        Type = type;
        Format = format;
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _fci = fci;
    }

    /// <summary>PT (205 or 206).</summary>
    public RtcpPacketType Type { get; }

    /// <summary>FMT.</summary>
    public int Format { get; }

    /// <summary>SSRC of packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of media source.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Picture loss indication (RFC 4585 §6.3.1).</summary>
    public static RtcpFeedbackWriter Pli(uint senderSsrc, uint mediaSsrc) =>
        new(RtcpPacketType.PayloadSpecificFeedback, (int)PayloadSpecificFeedbackFormat.Pli, senderSsrc, mediaSsrc, default);

    /// <summary>Rapid resynchronisation request (RFC 6051 §3.3).</summary>
    public static RtcpFeedbackWriter SrReq(uint senderSsrc, uint mediaSsrc) =>
        new(RtcpPacketType.TransportLayerFeedback, (int)TransportLayerFeedbackFormat.SrReq, senderSsrc, mediaSsrc, default);

    /// <summary>Generic NACK (RFC 4585 §6.2.1).</summary>
    public static RtcpFeedbackWriter<GenericNackItem> Nack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<GenericNackItem> items) =>
        new(RtcpPacketType.TransportLayerFeedback, (int)TransportLayerFeedbackFormat.Nack, senderSsrc, mediaSsrc, items);

    /// <summary>TMMBR (RFC 5104 §4.2.1).</summary>
    public static RtcpFeedbackWriter<TmmbItem> Tmmbr(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<TmmbItem> items) =>
        new(RtcpPacketType.TransportLayerFeedback, (int)TransportLayerFeedbackFormat.Tmmbr, senderSsrc, mediaSsrc, items);

    /// <summary>TMMBN (RFC 5104 §4.2.2).</summary>
    public static RtcpFeedbackWriter<TmmbItem> Tmmbn(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<TmmbItem> items) =>
        new(RtcpPacketType.TransportLayerFeedback, (int)TransportLayerFeedbackFormat.Tmmbn, senderSsrc, mediaSsrc, items);

    /// <summary>TLLEI (RFC 6642 §5.1).</summary>
    public static RtcpFeedbackWriter<GenericNackItem> Tllei(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<GenericNackItem> items) =>
        new(RtcpPacketType.TransportLayerFeedback, (int)TransportLayerFeedbackFormat.Tllei, senderSsrc, mediaSsrc, items);

    /// <summary>ECN feedback (RFC 6679 §6.2).</summary>
    public static RtcpFeedbackWriter<EcnItem> Ecn(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<EcnItem> items) =>
        new(RtcpPacketType.TransportLayerFeedback, (int)TransportLayerFeedbackFormat.Ecn, senderSsrc, mediaSsrc, items);

    /// <summary>Slice loss indication (RFC 4585 §6.3.2).</summary>
    public static RtcpFeedbackWriter<SliItem> Sli(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<SliItem> items) =>
        new(RtcpPacketType.PayloadSpecificFeedback, (int)PayloadSpecificFeedbackFormat.Sli, senderSsrc, mediaSsrc, items);

    /// <summary>Full intra request (RFC 5104 §4.3.1); the media source SSRC is 0.</summary>
    public static RtcpFeedbackWriter<FirItem> Fir(uint senderSsrc, ReadOnlySpan<FirItem> items) =>
        new(RtcpPacketType.PayloadSpecificFeedback, (int)PayloadSpecificFeedbackFormat.Fir, senderSsrc, 0, items);

    /// <summary>TSTR (RFC 5104 §4.3.2); the media source SSRC is 0.</summary>
    public static RtcpFeedbackWriter<TstItem> Tstr(uint senderSsrc, ReadOnlySpan<TstItem> items) =>
        new(RtcpPacketType.PayloadSpecificFeedback, (int)PayloadSpecificFeedbackFormat.Tstr, senderSsrc, 0, items);

    /// <summary>TSTN (RFC 5104 §4.3.3); the media source SSRC is 0.</summary>
    public static RtcpFeedbackWriter<TstItem> Tstn(uint senderSsrc, ReadOnlySpan<TstItem> items) =>
        new(RtcpPacketType.PayloadSpecificFeedback, (int)PayloadSpecificFeedbackFormat.Tstn, senderSsrc, 0, items);

    /// <summary>PSLEI (RFC 6642 §5.2).</summary>
    public static RtcpFeedbackWriter<PsleiItem> Pslei(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<PsleiItem> items) =>
        new(RtcpPacketType.PayloadSpecificFeedback, (int)PayloadSpecificFeedbackFormat.Pslei, senderSsrc, mediaSsrc, items);

    /// <summary>Serialized size in bytes.</summary>
    public int GetSerializedLength() => RtcpHeader.Size + RtcpFeedback.CommonLength + _fci.Length;

    /// <summary>Writes the packet; false when the destination is too small or the FCI is not 32-bit aligned.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (destination.Length < length || (_fci.Length & 3) != 0 || Format is < 0 or > 31)
        {
            return false;
        }

        RtcpHeader.Write(destination, Format, (byte)Type, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), MediaSsrc);
        _fci.CopyTo(destination.Slice(12));
        written = length;
        return true;
    }
}

/// <summary>Writes a feedback packet whose FCI is a list of fixed-size entries.</summary>
/// <typeparam name="TItem">The FCI entry type.</typeparam>
public readonly ref struct RtcpFeedbackWriter<TItem>
    where TItem : struct, IRtcpFeedbackItem<TItem>
{
    private readonly ReadOnlySpan<TItem> _items;

    /// <summary>Describes the packet to write.</summary>
    public RtcpFeedbackWriter(RtcpPacketType type, int format, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<TItem> items)
    {
        Type = type;
        Format = format;
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _items = items;
    }

    /// <summary>PT (205 or 206).</summary>
    public RtcpPacketType Type { get; }

    /// <summary>FMT.</summary>
    public int Format { get; }

    /// <summary>SSRC of packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of media source.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Serialized size in bytes.</summary>
    public int GetSerializedLength() => RtcpHeader.Size + RtcpFeedback.CommonLength + _items.Length * TItem.Size;

    /// <summary>Writes the packet; false when the destination is too small or an entry does not fit the wire.</summary>
    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        int length = GetSerializedLength();
        if (destination.Length < length || length > 4 * 65536 || Format is < 0 or > 31)
        {
            return false;
        }

        for (int i = 0; i < _items.Length; i++)
        {
            if (!_items[i].TryWrite(destination.Slice(12 + i * TItem.Size)))
            {
                return false;
            }
        }

        RtcpHeader.Write(destination, Format, (byte)Type, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(4), SenderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), MediaSsrc);
        written = length;
        return true;
    }
}
