using System.Buffers.Binary;

namespace Sfu.Media.Rtp;

/// <summary>
/// Rebuilds a packet's header extension block with other ids (MP2: a producer's extension ids become the router's).
/// </summary>
/// <remarks>
/// The id map has 256 entries: <c>map[sourceId]</c> is the target id, 0 drops the element. Kept elements stay in their
/// original order. The new block uses the one-byte form (RFC 8285 §4.2) when every kept element fits it (target id
/// 1–14, value 1–16 bytes), else the two-byte form (§4.3). With no element kept the block disappears and the X bit is
/// cleared. The fixed header, CSRCs, payload and padding are copied unchanged.
/// </remarks>
public static class RtpHeaderExtensionRewriter
{
    /// <summary>Size of the id map.</summary>
    public const int MapLength = 256;

    /// <summary>
    /// Writes <paramref name="source"/> with its extension ids mapped through <paramref name="idMap"/> into
    /// <paramref name="destination"/>, which must not overlap the source.
    /// </summary>
    /// <returns>False when <paramref name="destination"/> is too small; nothing useful is written then.</returns>
    /// <exception cref="ArgumentException">The map does not have 256 entries, or the buffers overlap (a bug).</exception>
    public static bool TryRewrite(scoped in RtpPacketView source, ReadOnlySpan<byte> idMap, Span<byte> destination,
        out int written)
    {
        if (idMap.Length != MapLength)
        {
            ThrowMapLength();
        }

        ReadOnlySpan<byte> src = source.Buffer;
        if (src.Overlaps(destination))
        {
            ThrowOverlap();
        }

        written = 0;

        // Pass 1: what is kept, and which form it needs.
        int kept = 0;
        int valueBytes = 0;
        bool twoByte = false;
        foreach (RtpExtensionElement e in source.Extensions)
        {
            int target = idMap[e.Id];
            if (target == 0)
            {
                continue;
            }

            kept++;
            valueBytes += e.Value.Length;
            if (target > 14 || e.Value.Length == 0 || e.Value.Length > 16)
            {
                twoByte = true;
            }
        }

        int fixedLength = RtpPacketView.FixedHeaderLength + (source.CsrcCount << 2);
        int blockData = kept == 0 ? 0 : ((valueBytes + kept * (twoByte ? 2 : 1)) + 3) & ~3;
        int blockLength = kept == 0 ? 0 : 4 + blockData;
        ReadOnlySpan<byte> tail = source.PayloadAndPadding;
        int total = fixedLength + blockLength + tail.Length;
        if (total > destination.Length)
        {
            return false;
        }

        src.Slice(0, fixedLength).CopyTo(destination);
        if (kept == 0)
        {
            destination[0] &= 0xEF;
        }
        else
        {
            destination[0] |= 0x10;
            Span<byte> block = destination.Slice(fixedLength, blockLength);
            BinaryPrimitives.WriteUInt16BigEndian(block,
                twoByte ? RtpPacketView.TwoByteProfile : RtpPacketView.OneByteProfile);
            BinaryPrimitives.WriteUInt16BigEndian(block.Slice(2), (ushort)(blockData >> 2));

            // Pass 2: write the kept elements.
            int pos = 4;
            foreach (RtpExtensionElement e in source.Extensions)
            {
                int target = idMap[e.Id];
                if (target == 0)
                {
                    continue;
                }

                if (twoByte)
                {
                    block[pos] = (byte)target;
                    block[pos + 1] = (byte)e.Value.Length;
                    pos += 2;
                }
                else
                {
                    block[pos] = (byte)((target << 4) | (e.Value.Length - 1));
                    pos += 1;
                }

                e.Value.CopyTo(block.Slice(pos));
                pos += e.Value.Length;
            }

            block.Slice(pos).Clear();
        }

        tail.CopyTo(destination.Slice(fixedLength + blockLength));
        written = total;
        return true;
    }

    private static void ThrowMapLength() =>
        throw new ArgumentException("the id map must have 256 entries", "idMap");

    private static void ThrowOverlap() =>
        throw new ArgumentException("source and destination must not overlap", "destination");
}
