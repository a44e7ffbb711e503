namespace Sfu.Media.Rtp.Extensions;

/// <summary>
/// The SDES text extensions carried in RTP (RFC 7941 §4): MID (RFC 9143 §15), RtpStreamId and RepairedRtpStreamId
/// (RFC 8852 §3). The value is the ASCII text without a terminator; some senders pad it with NUL octets, which are
/// ignored. Reading validates printable ASCII and allocates nothing; <see cref="ToText"/> allocates (control path only).
/// </summary>
public static class SdesTextExtension
{
    /// <summary>Longest value the two-byte form can carry.</summary>
    public const int MaxLength = 255;

    /// <summary>
    /// The text of an element value: trailing NULs removed, must then be 1–255 printable ASCII characters (0x21–0x7E).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> text)
    {
        int length = value.Length;
        while (length > 0 && value[length - 1] == 0)
        {
            length--;
        }

        if (length == 0 || length > MaxLength)
        {
            text = default;
            return false;
        }

        ReadOnlySpan<byte> t = value.Slice(0, length);
        foreach (byte b in t)
        {
            if (b < 0x21 || b > 0x7E)
            {
                text = default;
                return false;
            }
        }

        text = t;
        return true;
    }

    /// <summary>True when the element value reads as exactly <paramref name="expected"/> (no allocation).</summary>
    public static bool Matches(ReadOnlySpan<byte> value, string expected)
    {
        if (!TryRead(value, out ReadOnlySpan<byte> text) || text.Length != expected.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != expected[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The text as a string, or null when invalid. Allocates: use on the control path only.</summary>
    public static string? ToText(ReadOnlySpan<byte> value) =>
        TryRead(value, out ReadOnlySpan<byte> text) ? System.Text.Encoding.ASCII.GetString(text) : null;

    /// <summary>Writes <paramref name="text"/> (1–255 printable ASCII characters) as an element value.</summary>
    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<char> text, out int written)
    {
        written = 0;
        if (text.Length == 0 || text.Length > MaxLength || text.Length > destination.Length)
        {
            return false;
        }

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c < '!' || c > '~')
            {
                return false;
            }

            destination[i] = (byte)c;
        }

        written = text.Length;
        return true;
    }
}

/// <summary>MID header extension (RFC 9143 §15): the media section the packet belongs to.</summary>
public static class MidExtension
{
    /// <inheritdoc cref="SdesTextExtension.TryRead"/>
    public static bool TryRead(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> mid) => SdesTextExtension.TryRead(value, out mid);

    /// <inheritdoc cref="SdesTextExtension.Matches"/>
    public static bool Matches(ReadOnlySpan<byte> value, string mid) => SdesTextExtension.Matches(value, mid);

    /// <inheritdoc cref="SdesTextExtension.TryWrite"/>
    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<char> mid, out int written) =>
        SdesTextExtension.TryWrite(destination, mid, out written);
}

/// <summary>RtpStreamId header extension (RFC 8852 §3.1): the simulcast stream's "rid".</summary>
public static class RidExtension
{
    /// <inheritdoc cref="SdesTextExtension.TryRead"/>
    public static bool TryRead(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> rid) => SdesTextExtension.TryRead(value, out rid);

    /// <inheritdoc cref="SdesTextExtension.Matches"/>
    public static bool Matches(ReadOnlySpan<byte> value, string rid) => SdesTextExtension.Matches(value, rid);

    /// <inheritdoc cref="SdesTextExtension.TryWrite"/>
    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<char> rid, out int written) =>
        SdesTextExtension.TryWrite(destination, rid, out written);
}

/// <summary>RepairedRtpStreamId header extension (RFC 8852 §3.2): the "rid" an RTX stream repairs.</summary>
public static class RepairedRidExtension
{
    /// <inheritdoc cref="SdesTextExtension.TryRead"/>
    public static bool TryRead(ReadOnlySpan<byte> value, out ReadOnlySpan<byte> rid) => SdesTextExtension.TryRead(value, out rid);

    /// <inheritdoc cref="SdesTextExtension.Matches"/>
    public static bool Matches(ReadOnlySpan<byte> value, string rid) => SdesTextExtension.Matches(value, rid);

    /// <inheritdoc cref="SdesTextExtension.TryWrite"/>
    public static bool TryWrite(Span<byte> destination, ReadOnlySpan<char> rid, out int written) =>
        SdesTextExtension.TryWrite(destination, rid, out written);
}
