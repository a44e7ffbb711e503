using System.Buffers.Binary;

namespace Sfu.Media.Rtp;

/// <summary>
/// Writes an RTP packet (RFC 3550 §5.1) into a caller-owned buffer, step by step: header, optional RFC 8285 extension
/// block, payload, optional padding. Each step returns false (and writes nothing further) when the destination is too
/// small or an argument is outside the wire limits. Used for probation/padding packets, RTX encapsulation and tests.
/// </summary>
/// <example>
/// <code>
/// var b = new RtpPacketBuilder(buffer);
/// b.TryWriteHeader(marker: true, payloadType: 96, sequenceNumber: 1, timestamp: 90000, ssrc: 1234, csrcs: default);
/// b.TryBeginExtensions(RtpExtensionForm.OneByte);
/// b.TryAddExtension(1, "0"u8);
/// b.TryEndExtensions();
/// b.TryWritePayload(payload);
/// int length = b.Length;
/// </code>
/// </example>
public ref struct RtpPacketBuilder
{
    private readonly Span<byte> _destination;
    private int _length;
    private int _extensionStart;
    private RtpExtensionForm _form;
    private Stage _stage;

    /// <summary>Starts a packet at the beginning of <paramref name="destination"/>.</summary>
    public RtpPacketBuilder(Span<byte> destination)
    {
        _destination = destination;
        _length = 0;
        _extensionStart = -1;
        _form = RtpExtensionForm.None;
        _stage = Stage.Empty;
    }

    private enum Stage : byte
    {
        Empty,
        Header,
        Extensions,
        ExtensionsDone,
        Payload,
        Padding,
    }

    /// <summary>Bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>The packet written so far.</summary>
    public readonly Span<byte> Written => _destination.Slice(0, _length);

    /// <summary>Writes the fixed header and the CSRC list (at most 15).</summary>
    public bool TryWriteHeader(bool marker, byte payloadType, ushort sequenceNumber, uint timestamp, uint ssrc,
        ReadOnlySpan<uint> csrcs)
    {
        int size = RtpPacketView.FixedHeaderLength + (csrcs.Length << 2);
        if (_stage != Stage.Empty || payloadType > 127 || csrcs.Length > 15 || size > _destination.Length)
        {
            return false;
        }

        Span<byte> d = _destination;
        d[0] = (byte)(0x80 | csrcs.Length);
        d[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        BinaryPrimitives.WriteUInt16BigEndian(d.Slice(2), sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(d.Slice(8), ssrc);
        for (int i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(d.Slice(12 + (i << 2)), csrcs[i]);
        }

        _length = size;
        _stage = Stage.Header;
        return true;
    }

    /// <summary>Opens an extension block in the one-byte or two-byte form and sets the X bit.</summary>
    public bool TryBeginExtensions(RtpExtensionForm form)
    {
        if (_stage != Stage.Header || (form != RtpExtensionForm.OneByte && form != RtpExtensionForm.TwoByte)
            || _length + 4 > _destination.Length)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_destination.Slice(_length),
            form == RtpExtensionForm.OneByte ? RtpPacketView.OneByteProfile : RtpPacketView.TwoByteProfile);
        _extensionStart = _length;
        _form = form;
        _length += 4;
        _destination[0] |= 0x10;
        _stage = Stage.Extensions;
        return true;
    }

    /// <summary>
    /// Appends one element. One-byte form: id 1–14, 1–16 bytes. Two-byte form: id 1–255, 0–255 bytes.
    /// </summary>
    public bool TryAddExtension(int id, ReadOnlySpan<byte> value)
    {
        if (_stage != Stage.Extensions)
        {
            return false;
        }

        if (_form == RtpExtensionForm.OneByte)
        {
            if (id < 1 || id > 14 || value.Length < 1 || value.Length > 16 || _length + 1 + value.Length > _destination.Length)
            {
                return false;
            }

            _destination[_length] = (byte)((id << 4) | (value.Length - 1));
            value.CopyTo(_destination.Slice(_length + 1));
            _length += 1 + value.Length;
            return true;
        }

        if (id < 1 || id > 255 || value.Length > 255 || _length + 2 + value.Length > _destination.Length)
        {
            return false;
        }

        _destination[_length] = (byte)id;
        _destination[_length + 1] = (byte)value.Length;
        value.CopyTo(_destination.Slice(_length + 2));
        _length += 2 + value.Length;
        return true;
    }

    /// <summary>Pads the block to 32 bits with zero octets and writes its length.</summary>
    public bool TryEndExtensions()
    {
        if (_stage != Stage.Extensions)
        {
            return false;
        }

        int dataLength = _length - _extensionStart - 4;
        int padded = (dataLength + 3) & ~3;
        if (_extensionStart + 4 + padded > _destination.Length)
        {
            return false;
        }

        _destination.Slice(_length, padded - dataLength).Clear();
        _length = _extensionStart + 4 + padded;
        BinaryPrimitives.WriteUInt16BigEndian(_destination.Slice(_extensionStart + 2), (ushort)(padded >> 2));
        _stage = Stage.ExtensionsDone;
        return true;
    }

    /// <summary>Appends the payload.</summary>
    public bool TryWritePayload(ReadOnlySpan<byte> payload)
    {
        if ((_stage != Stage.Header && _stage != Stage.ExtensionsDone) || _length + payload.Length > _destination.Length)
        {
            return false;
        }

        payload.CopyTo(_destination.Slice(_length));
        _length += payload.Length;
        _stage = Stage.Payload;
        return true;
    }

    /// <summary>Appends <paramref name="count"/> (1–255) padding octets, the last one holding the count, and sets P.</summary>
    public bool TryWritePadding(int count)
    {
        if (_stage == Stage.Empty || _stage == Stage.Extensions || _stage == Stage.Padding || count < 1 || count > 255
            || _length + count > _destination.Length)
        {
            return false;
        }

        _destination.Slice(_length, count - 1).Clear();
        _destination[_length + count - 1] = (byte)count;
        _length += count;
        _destination[0] |= 0x20;
        _stage = Stage.Padding;
        return true;
    }
}
