using System.Runtime.CompilerServices;

namespace Sfu.Media.Time;

/// <summary>
/// Wrap-safe arithmetic on 16-bit RTP sequence numbers (RFC 3550 §5.1, serial number arithmetic as in RFC 1982).
/// </summary>
/// <remarks>
/// <para>The order is the one mediasoup's <c>SeqManager::IsSeqHigherThan</c> uses: <c>a</c> is newer than <c>b</c> when
/// <c>a</c> is at most 32767 steps ahead of <c>b</c>. At exactly half the space (32768 apart) the numerically smaller
/// value counts as the newer one, so for any two different numbers exactly one of them is newer.</para>
/// <para><see cref="Distance"/> is the signed shortest step count from one number to another, in [-32768, 32767].</para>
/// </remarks>
public static class SeqNum16
{
    /// <summary>Half the sequence number space.</summary>
    public const int Half = 0x8000;

    /// <summary>True when <paramref name="a"/> comes after <paramref name="b"/> (wrap-aware).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNewer(ushort a, ushort b)
    {
        int d = (ushort)(a - b);
        return d != 0 && (d < Half || (d == Half && a < b));
    }

    /// <summary>True when <paramref name="a"/> equals <paramref name="b"/> or comes after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNewerOrEqual(ushort a, ushort b) => a == b || IsNewer(a, b);

    /// <summary>Signed step count from <paramref name="from"/> to <paramref name="to"/>, in [-32768, 32767].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    /// <summary>Wrap-aware comparison: negative when <paramref name="a"/> is older, 0 when equal, positive when newer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare(ushort a, ushort b) => a == b ? 0 : IsNewer(a, b) ? 1 : -1;

    /// <summary>The newer of two sequence numbers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ushort Max(ushort a, ushort b) => IsNewer(a, b) ? a : b;
}

/// <summary>
/// Wrap-safe comparison of 32-bit RTP timestamps (RFC 3550 §5.1): <c>a</c> is newer than <c>b</c> when it is less than
/// half the 32-bit space ahead. At exactly 2^31 apart the numerically smaller value is the newer one, as in
/// <see cref="SeqNum16"/>.
/// </summary>
public static class SeqNum32
{
    /// <summary>Half the 32-bit space.</summary>
    public const uint Half = 0x8000_0000;

    /// <summary>True when <paramref name="a"/> comes after <paramref name="b"/> (wrap-aware).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNewer(uint a, uint b)
    {
        uint d = a - b;
        return d != 0 && (d < Half || (d == Half && a < b));
    }

    /// <summary>True when <paramref name="a"/> equals <paramref name="b"/> or comes after it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNewerOrEqual(uint a, uint b) => a == b || IsNewer(a, b);

    /// <summary>Signed step count from <paramref name="from"/> to <paramref name="to"/>, in [-2^31, 2^31 - 1].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Distance(uint from, uint to) => (int)(to - from);

    /// <summary>Wrap-aware comparison: negative when <paramref name="a"/> is older, 0 when equal, positive when newer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Compare(uint a, uint b) => a == b ? 0 : IsNewer(a, b) ? 1 : -1;
}
