using System.Buffers.Binary;
using Sfu.Media.Rtp;

namespace Sfu.Media.Routing;

/// <summary>
/// The router-space form of an RTP packet (MP2): what a producer hands the router and every consumer copies. Router
/// payload type and mapped SSRC; a one-byte header extension block with the router's ids (§4.2) that always starts
/// with a MID element of <see cref="MidSpace"/> bytes, an abs-send-time and a transport-wide-cc element (values filled
/// per sending transport and consumer), followed by the extensions the producer sent that the router proxies.
/// </summary>
public static class RouterRtp
{
    public const byte MidId = 1;
    public const byte AbsSendTimeId = 4;
    public const byte TransportWideCc01Id = 5;
    public const byte FrameMarking07Id = 6;
    public const byte FrameMarkingId = 7;
    public const byte SsrcAudioLevelId = 10;
    public const byte VideoOrientationId = 11;
    public const byte TimeOffsetId = 12;
    public const byte AbsCaptureTimeId = 13;
    public const byte PlayoutDelayId = 14;

    /// <summary>Bytes reserved for a consumer's MID (the one-byte form's largest element).</summary>
    public const int MidSpace = 16;

    /// <summary>Extension ids (router space) a producer proxies when its packet carries them.</summary>
    internal static ReadOnlySpan<byte> ProxiedIds =>
    [
        FrameMarking07Id, FrameMarkingId, SsrcAudioLevelId, VideoOrientationId, TimeOffsetId, AbsCaptureTimeId, PlayoutDelayId,
    ];

    /// <summary>
    /// Writes the router-space copy of <paramref name="source"/> into <paramref name="destination"/>.
    /// <paramref name="producerIds"/> maps a router id (index) to the id the producer uses for it (0 = not sent).
    /// Returns the length, or 0 if it does not fit.
    /// </summary>
    public static int Write(in RtpPacketView source, Span<byte> destination, byte payloadType, uint ssrc, ReadOnlySpan<byte> producerIds)
    {
        var fixedHeader = 12 + 4 * (source.Buffer[0] & 0x0F);
        var payloadAndPadding = source.PayloadAndPadding;
        // Worst case: BEDE header + MID + abs-send-time + twcc + every proxied element at 16 bytes, padded.
        if (destination.Length < fixedHeader + 4 + (1 + MidSpace) + 4 + 3 + ProxiedIds.Length * 17 + 3 + payloadAndPadding.Length)
        {
            return 0;
        }

        source.Buffer[..fixedHeader].CopyTo(destination);
        destination[0] |= 0x10; // X
        destination[1] = (byte)((destination[1] & 0x80) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ssrc);

        var block = destination[(fixedHeader + 4)..];
        var n = 0;
        block[n++] = (byte)((MidId << 4) | (MidSpace - 1));
        block.Slice(n, MidSpace).Clear();
        n += MidSpace;
        block[n++] = (AbsSendTimeId << 4) | 2;
        block.Slice(n, 3).Clear();
        n += 3;
        block[n++] = (TransportWideCc01Id << 4) | 1;
        block.Slice(n, 2).Clear();
        n += 2;
        foreach (var routerId in ProxiedIds)
        {
            var producerId = producerIds[routerId];
            if (producerId == 0 || !source.TryGetExtension(producerId, out var value) || value.Length is 0 or > 16)
            {
                continue;
            }
            block[n++] = (byte)((routerId << 4) | (value.Length - 1));
            value.CopyTo(block[n..]);
            n += value.Length;
        }
        while ((n & 3) != 0)
        {
            block[n++] = 0;
        }

        var extensionHeader = destination[fixedHeader..];
        extensionHeader[0] = 0xBE;
        extensionHeader[1] = 0xDE;
        BinaryPrimitives.WriteUInt16BigEndian(extensionHeader[2..], (ushort)(n / 4));
        var headerLength = fixedHeader + 4 + n;
        payloadAndPadding.CopyTo(destination[headerLength..]);
        return headerLength + payloadAndPadding.Length;
    }

    /// <summary>
    /// Prepares a consumer's copy of a router-space packet (in place): writes its MID (or blanks the element) and
    /// blanks every element the consumer did not negotiate (<paramref name="keep"/>[id] false) — blank bytes are
    /// one-byte-form padding, which receivers skip.
    /// </summary>
    public static void PrepareExtensions(Span<byte> packet, ReadOnlySpan<byte> mid, ReadOnlySpan<bool> keep)
    {
        var fixedHeader = 12 + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) == 0 || packet.Length < fixedHeader + 4 || packet[fixedHeader] != 0xBE || packet[fixedHeader + 1] != 0xDE)
        {
            return;
        }
        var length = BinaryPrimitives.ReadUInt16BigEndian(packet[(fixedHeader + 2)..]) * 4;
        var block = packet.Slice(fixedHeader + 4, Math.Min(length, packet.Length - fixedHeader - 4));
        var i = 0;
        while (i < block.Length)
        {
            var b = block[i];
            if (b == 0)
            {
                i++;
                continue;
            }
            var id = b >> 4;
            var len = (b & 0x0F) + 1;
            if (id == 15 || i + 1 + len > block.Length)
            {
                return;
            }
            if (id == MidId && keep[MidId] && mid.Length is > 0 and <= MidSpace && len == MidSpace)
            {
                block[i] = (byte)((MidId << 4) | (mid.Length - 1));
                mid.CopyTo(block[(i + 1)..]);
                block.Slice(i + 1 + mid.Length, MidSpace - mid.Length).Clear();
            }
            else if (!keep[id] || id == MidId)
            {
                block.Slice(i, 1 + len).Clear();
            }
            i += 1 + len;
        }
    }

    /// <summary>Writes abs-send-time (6.18 fixed-point seconds, 24 bits) into its element, if present.</summary>
    public static void SetAbsSendTime(Span<byte> packet, long unixMicroseconds)
    {
        if (!TryFindElement(packet, AbsSendTimeId, out var offset, out var len) || len != 3)
        {
            return;
        }
        var value = (uint)((unixMicroseconds << 18) / 1_000_000) & 0x00FF_FFFF;
        packet[offset] = (byte)(value >> 16);
        packet[offset + 1] = (byte)(value >> 8);
        packet[offset + 2] = (byte)value;
    }

    private static bool TryFindElement(ReadOnlySpan<byte> packet, int wanted, out int offset, out int length)
    {
        offset = 0;
        length = 0;
        var fixedHeader = 12 + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) == 0 || packet.Length < fixedHeader + 4 || packet[fixedHeader] != 0xBE || packet[fixedHeader + 1] != 0xDE)
        {
            return false;
        }
        var end = Math.Min(packet.Length, fixedHeader + 4 + BinaryPrimitives.ReadUInt16BigEndian(packet[(fixedHeader + 2)..]) * 4);
        var i = fixedHeader + 4;
        while (i < end)
        {
            var b = packet[i];
            if (b == 0)
            {
                i++;
                continue;
            }
            var id = b >> 4;
            var len = (b & 0x0F) + 1;
            if (id == 15)
            {
                return false;
            }
            if (id == wanted)
            {
                offset = i + 1;
                length = len;
                return i + 1 + len <= end;
            }
            i += 1 + len;
        }
        return false;
    }
}
