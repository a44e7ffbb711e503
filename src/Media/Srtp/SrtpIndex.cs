namespace Sfu.Media.Srtp;

/// <summary>
/// SRTP packet index arithmetic: <c>i = 2^16 * ROC + SEQ</c> (RFC 3711 §3.3.1).
/// </summary>
internal static class SrtpIndex
{
    /// <summary>The largest 48-bit index; beyond it the master key must not be used (RFC 3711 §9.2).</summary>
    public const long Max = (1L << 48) - 1;

    /// <summary>
    /// Estimates the index of a packet with sequence number <paramref name="sequenceNumber"/> from the highest index
    /// seen so far, choosing ROC - 1, ROC or ROC + 1 by which makes the packet closest (RFC 3711 Appendix A):
    /// <code>
    /// if s_l &lt; 32768:  v = SEQ - s_l > 32768 ? ROC - 1 : ROC
    /// else:             v = s_l - 32768 > SEQ ? ROC + 1 : ROC
    /// return SEQ + v * 65536
    /// </code>
    /// While ROC is 0 there is no ROC - 1; the packet is then taken as a jump forward with ROC 0, as libsrtp does.
    /// The result can exceed <see cref="Max"/> when ROC would pass 2^32 - 1.
    /// </summary>
    public static long Estimate(long highestIndex, ushort sequenceNumber)
    {
        long roc = highestIndex >> 16;
        int highestSeq = (int)(highestIndex & 0xFFFF);
        long v = roc;
        if (highestSeq < 32768)
        {
            if (sequenceNumber - highestSeq > 32768 && roc > 0)
            {
                v = roc - 1;
            }
        }
        else if (highestSeq - 32768 > sequenceNumber)
        {
            v = roc + 1;
        }

        return (v << 16) | sequenceNumber;
    }
}
