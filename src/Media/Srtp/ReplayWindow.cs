using System.Runtime.CompilerServices;

namespace Sfu.Media.Srtp;

/// <summary>
/// The replay list of RFC 3711 §3.3.2 as a sliding bitmap over the last <see cref="Size"/> packet indices (mediasoup
/// uses libsrtp with a 1024-packet window). Bit k records whether index <c>Highest - k</c> was accepted.
/// Indices are SRTP packet indices (48-bit) or SRTCP indices (31-bit). A mutable struct: keep it in a field and
/// call it in place.
/// </summary>
internal struct ReplayWindow
{
    public const int Size = 1024;
    private const int Words = Size / 64;

    private Bitmap _bits;
    private long _highest;
    private bool _started;

    /// <summary>True once an index has been accepted.</summary>
    public readonly bool Started => _started;

    /// <summary>The highest accepted index (meaningful once <see cref="Started"/>).</summary>
    public readonly long Highest => _highest;

    /// <summary>Whether <paramref name="index"/> may be accepted: new, or inside the window and not seen yet.</summary>
    public readonly SrtpError Check(long index)
    {
        if (!_started)
        {
            return SrtpError.None;
        }

        long back = _highest - index;
        if (back < 0)
        {
            return SrtpError.None;
        }

        if (back >= Size)
        {
            return SrtpError.ReplayOld;
        }

        return (_bits[(int)(back >> 6)] & (1UL << (int)(back & 63))) != 0 ? SrtpError.ReplayDuplicate : SrtpError.None;
    }

    /// <summary>Records <paramref name="index"/>, sliding the window forward when it is the new highest. Call after <see cref="Check"/> passed.</summary>
    public void Accept(long index)
    {
        if (!_started)
        {
            _started = true;
            _highest = index;
            _bits = default;
            _bits[0] = 1;
            return;
        }

        long back = _highest - index;
        if (back < 0)
        {
            ShiftUp(-back);
            _highest = index;
            _bits[0] |= 1;
        }
        else if (back < Size)
        {
            _bits[(int)(back >> 6)] |= 1UL << (int)(back & 63);
        }
    }

    /// <summary>Forgets everything (a stream that ends and starts again).</summary>
    public void Reset() => this = default;

    /// <summary>Moves every recorded bit k to k + <paramref name="count"/>; bits that leave the window are dropped.</summary>
    private void ShiftUp(long count)
    {
        if (count >= Size)
        {
            _bits = default;
            return;
        }

        int words = (int)(count >> 6);
        int bits = (int)(count & 63);
        for (int i = Words - 1; i >= 0; i--)
        {
            int source = i - words;
            ulong value = source >= 0 ? _bits[source] << bits : 0;
            if (bits != 0 && source - 1 >= 0)
            {
                value |= _bits[source - 1] >> (64 - bits);
            }

            _bits[i] = value;
        }
    }

    [InlineArray(Words)]
    private struct Bitmap
    {
        private ulong _word;
    }
}
