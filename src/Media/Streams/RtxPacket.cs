using System.Buffers.Binary;
using Sfu.Media.Rtp;

namespace Sfu.Media.Streams;

/// <summary>
/// RTX encapsulation (RFC 4588 §4): the retransmission packet has its own payload type, SSRC and sequence number,
/// and its payload starts with the original sequence number (OSN).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         RTP Header                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            OSN                |                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
/// |                  Original RTP Packet Payload                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Header extensions, CSRCs, marker and timestamp are kept; padding is dropped in both directions (as mediasoup).
/// </summary>
public static class RtxPacket
{
    /// <summary>Size of the OSN field.</summary>
    public const int OsnLength = 2;

    /// <summary>
    /// Decodes an RTX packet in place into the original packet: payload type and SSRC become the given ones, the
    /// sequence number becomes the OSN, the payload moves over the OSN and padding is removed.
    /// </summary>
    /// <param name="packet">The RTX packet (exactly one datagram); rewritten in place.</param>
    /// <param name="originalPayloadType">The media payload type (0–127).</param>
    /// <param name="originalSsrc">The media SSRC.</param>
    /// <param name="original">A view over the decoded packet: the first bytes of <paramref name="packet"/>.</param>
    /// <returns>False, leaving the bytes unchanged, when the packet does not parse or its payload is only the OSN
    /// or shorter (Chrome sends such packets as padding/probes).</returns>
    public static bool TryDecode(Span<byte> packet, byte originalPayloadType, uint originalSsrc, out RtpPacketView original)
    {
        original = default;
        if (originalPayloadType > 127 || !RtpPacketView.TryParse(packet, out RtpPacketView rtx, out _)
            || rtx.PayloadLength <= OsnLength)
        {
            return false;
        }

        int header = rtx.HeaderLength;
        int payloadLength = rtx.PayloadLength;
        ushort osn = BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(header));
        packet.Slice(header + OsnLength, payloadLength - OsnLength).CopyTo(packet.Slice(header));
        int length = header + payloadLength - OsnLength;
        packet[0] &= 0xDF; // P = 0
        if (!RtpPacketView.TryParse(packet.Slice(0, length), out original, out _))
        {
            return false; // cannot happen: the header is unchanged and there is no padding
        }

        original.PayloadType = originalPayloadType;
        original.Ssrc = originalSsrc;
        original.SequenceNumber = osn;
        return true;
    }

    /// <summary>
    /// Writes the RTX encapsulation of <paramref name="original"/> into <paramref name="destination"/>.
    /// </summary>
    /// <param name="original">The original packet (exactly one packet; not modified).</param>
    /// <param name="destination">Where to write; needs <c>original length - padding + 2</c> octets.</param>
    /// <param name="rtxPayloadType">RTX payload type (0–127).</param>
    /// <param name="rtxSsrc">RTX SSRC.</param>
    /// <param name="rtxSequenceNumber">The RTX stream's own sequence number.</param>
    /// <param name="written">Length of the RTX packet.</param>
    /// <returns>False when the original does not parse or the destination is too small.</returns>
    public static bool TryEncode(Span<byte> original, Span<byte> destination, byte rtxPayloadType, uint rtxSsrc,
        ushort rtxSequenceNumber, out int written)
    {
        written = 0;
        if (rtxPayloadType > 127 || !RtpPacketView.TryParse(original, out RtpPacketView source, out _))
        {
            return false;
        }

        int header = source.HeaderLength;
        int payloadLength = source.PayloadLength;
        ushort osn = source.SequenceNumber;
        int length = header + OsnLength + payloadLength;
        if (destination.Length < length)
        {
            return false;
        }

        if (destination.Overlaps(original))
        {
            // In place (or overlapping): move the payload first, then the OSN.
            original.Slice(header, payloadLength).CopyTo(destination.Slice(header + OsnLength));
            original.Slice(0, header).CopyTo(destination);
        }
        else
        {
            original.Slice(0, header).CopyTo(destination);
            original.Slice(header, payloadLength).CopyTo(destination.Slice(header + OsnLength));
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(header), osn);
        destination[0] &= 0xDF; // P = 0
        destination[1] = (byte)((destination[1] & 0x80) | rtxPayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination.Slice(2), rtxSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination.Slice(8), rtxSsrc);
        written = length;
        return true;
    }
}
