using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sfu.Media.Srtp.Ciphers;

/// <summary>
/// AES-GCM for SRTP and SRTCP (RFC 7714), the transform of AEAD_AES_128_GCM and AEAD_AES_256_GCM, with the
/// 16-byte tag.
/// <code>
/// RTP IV  (§8.1):  00 00 | SSRC | ROC | SEQ        XOR 12-byte session salt;  AAD = RTP header (CSRCs, extension)
/// RTCP IV (§9.1):  00 00 | SSRC | 00 00 | 0 + SRTCP index (31)   XOR salt;    AAD = first 8 bytes || E + index
/// SRTP:   | RTP header | ciphertext | tag (16) |
/// SRTCP:  | header + sender SSRC (8) | ciphertext | tag (16) |E| SRTCP index (31) |
/// </code>
/// With E = 0 (§9.3, unencrypted SRTCP) the whole RTCP packet and the E/index word are AAD and nothing is encrypted.
/// </summary>
/// <remarks>
/// <see cref="AesGcm.Decrypt(ReadOnlySpan{byte}, ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte}, ReadOnlySpan{byte})"/>
/// reports a wrong tag only by throwing; the throw is caught here and becomes a <c>false</c> result, so callers see
/// <see cref="SrtpError.AuthenticationFailed"/>. Valid packets never throw and allocate nothing.
/// </remarks>
internal sealed class AeadAesGcmCipher : SrtpCipher
{
    private const int TagLength = 16;
    private const int NonceLength = 12;

    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly AesGcm _rtpGcm;
    private readonly AesGcm _rtcpGcm;

    public AeadAesGcmCipher(SrtpSessionKeys keys)
    {
        if (keys.RtpSalt.Length != NonceLength || keys.RtcpSalt.Length != NonceLength)
        {
            throw new ArgumentException("AES-GCM session salts are 12 bytes.", nameof(keys));
        }

        _rtpSalt = (byte[])keys.RtpSalt.Clone();
        _rtcpSalt = (byte[])keys.RtcpSalt.Clone();
        _rtpGcm = new AesGcm(keys.RtpKey, TagLength);
        _rtcpGcm = new AesGcm(keys.RtcpKey, TagLength);
    }

    public override int RtpOverhead => TagLength;

    public override int RtcpOverhead => TagLength + 4;

    public override int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(nonce, ssrc, roc, sequenceNumber);
        Span<byte> payload = packet[headerLength..length];
        _rtpGcm.Encrypt(nonce, payload, payload, packet.Slice(length, TagLength), packet[..headerLength]);
        return length + TagLength;
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtpNonce(nonce, ssrc, roc, sequenceNumber);
        int body = length - TagLength;
        Span<byte> payload = packet[headerLength..body];
        return TryDecrypt(_rtpGcm, nonce, payload, packet[body..length], packet[..headerLength]);
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(nonce, ssrc, srtcpIndex);
        uint word = 0x8000_0000u | srtcpIndex;
        Span<byte> aad = stackalloc byte[12];
        packet[..8].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[8..], word);

        Span<byte> payload = packet[8..length];
        _rtcpGcm.Encrypt(nonce, payload, payload, packet.Slice(length, TagLength), aad);
        BinaryPrimitives.WriteUInt32BigEndian(packet[(length + TagLength)..], word);
        return length + TagLength + 4;
    }

    public override void ReadRtcpTrailer(ReadOnlySpan<byte> packet, int length, out uint srtcpIndex, out bool encrypted)
    {
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet[(length - 4)..]);
        srtcpIndex = word & 0x7FFF_FFFF;
        encrypted = (word & 0x8000_0000) != 0;
    }

    public override bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex, bool encrypted)
    {
        Span<byte> nonce = stackalloc byte[NonceLength];
        BuildRtcpNonce(nonce, ssrc, srtcpIndex);
        int body = length - TagLength - 4;
        Span<byte> wordBytes = stackalloc byte[4];
        packet.Slice(length - 4, 4).CopyTo(wordBytes);

        if (encrypted)
        {
            Span<byte> aad = stackalloc byte[12];
            packet[..8].CopyTo(aad);
            wordBytes.CopyTo(aad[8..]);
            return TryDecrypt(_rtcpGcm, nonce, packet[8..body], packet.Slice(body, TagLength), aad);
        }

        // E = 0: AAD is the whole packet followed by the word. Move the tag aside and the word up against the
        // packet so the AAD is contiguous; the bytes after the plain packet are dropped anyway.
        Span<byte> tag = stackalloc byte[TagLength];
        packet.Slice(body, TagLength).CopyTo(tag);
        wordBytes.CopyTo(packet[body..]);
        return TryDecrypt(_rtcpGcm, nonce, [], tag, packet[..(body + 4)]);
    }

    public override void Dispose()
    {
        _rtpGcm.Dispose();
        _rtcpGcm.Dispose();
    }

    private static bool TryDecrypt(AesGcm gcm, ReadOnlySpan<byte> nonce, Span<byte> data, ReadOnlySpan<byte> tag, ReadOnlySpan<byte> aad)
    {
        try
        {
            gcm.Decrypt(nonce, data, tag, data, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    private void BuildRtpNonce(Span<byte> nonce, uint ssrc, uint roc, ushort sequenceNumber)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[6..], roc);
        BinaryPrimitives.WriteUInt16BigEndian(nonce[10..], sequenceNumber);
        AesCounterMode.Xor(nonce, _rtpSalt);
    }

    private void BuildRtcpNonce(Span<byte> nonce, uint ssrc, uint srtcpIndex)
    {
        nonce[0] = 0;
        nonce[1] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[2..], ssrc);
        nonce[6] = 0;
        nonce[7] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(nonce[8..], srtcpIndex & 0x7FFF_FFFF);
        AesCounterMode.Xor(nonce, _rtcpSalt);
    }
}
