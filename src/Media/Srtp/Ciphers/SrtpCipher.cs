namespace Sfu.Media.Srtp.Ciphers;

/// <summary>
/// The per-packet transform of one profile, with the packet index given: no stream state, no replay checks (those
/// live in <see cref="SrtpContext"/>). Every method works in place on a buffer the caller owns for the call and
/// allocates nothing. Callers have already checked that the lengths fit.
/// </summary>
internal abstract class SrtpCipher : IDisposable
{
    /// <summary>Bytes appended to an RTP packet.</summary>
    public abstract int RtpOverhead { get; }

    /// <summary>Bytes appended to an RTCP packet (tag plus the E flag and SRTCP index word).</summary>
    public abstract int RtcpOverhead { get; }

    /// <summary>Encrypts <c>packet[headerLength..length)</c> and appends the tag; returns the protected length.</summary>
    public abstract int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber);

    /// <summary>
    /// Verifies the tag at the end of <c>packet[..length)</c>, then decrypts the payload in place. False when the tag
    /// does not match; the payload bytes are then unspecified.
    /// </summary>
    public abstract bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber);

    /// <summary>Encrypts <c>packet[8..length)</c>, appends E=1 with <paramref name="srtcpIndex"/> and the tag; returns the protected length.</summary>
    public abstract int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex);

    /// <summary>Reads the E flag and 31-bit SRTCP index of a protected RTCP packet of at least 8 + <see cref="RtcpOverhead"/> bytes.</summary>
    public abstract void ReadRtcpTrailer(ReadOnlySpan<byte> packet, int length, out uint srtcpIndex, out bool encrypted);

    /// <summary>Verifies and, when <paramref name="encrypted"/>, decrypts in place. The plain length is <c>length - RtcpOverhead</c>.</summary>
    public abstract bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex, bool encrypted);

    public abstract void Dispose();

    public static SrtpCipher Create(SrtpProfile profile, SrtpSessionKeys keys) =>
        profile.IsAead()
            ? new AeadAesGcmCipher(keys)
            : new AesCmHmacSha1Cipher(keys, profile.RtpAuthTagLength());
}
