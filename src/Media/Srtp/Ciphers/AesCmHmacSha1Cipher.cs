using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sfu.Media.Srtp.Ciphers;

/// <summary>
/// AES-CM encryption with HMAC-SHA1 authentication (RFC 3711 §4.1.1, §4.2.1), the transform of
/// AES_CM_128_HMAC_SHA1_80 and _32. The counter block for packet index i of stream SSRC is
/// <code>IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16)</code>
/// and the tag is HMAC-SHA1(k_a, authenticated portion || ROC) truncated to 80 or 32 bits (SRTCP: always 80,
/// over the packet including the E flag and SRTCP index, RFC 3711 §3.4).
/// <code>
/// SRTP:   | RTP header | encrypted payload | tag (10 or 4) |
/// SRTCP:  | header + sender SSRC (8) | encrypted rest |E| SRTCP index (31) | tag (10) |
/// </code>
/// </summary>
internal sealed class AesCmHmacSha1Cipher : SrtpCipher
{
    private const int RtcpTagLength = 10;
    private const int HashLength = 20;

    private readonly int _rtpTagLength;
    private readonly byte[] _rtpSalt;
    private readonly byte[] _rtcpSalt;
    private readonly AesCounterMode _rtpCtr;
    private readonly AesCounterMode _rtcpCtr;
    private readonly IncrementalHash _rtpHmac;
    private readonly IncrementalHash _rtcpHmac;

    public AesCmHmacSha1Cipher(SrtpSessionKeys keys, int rtpTagLength)
    {
        if (keys.RtpSalt.Length != 14 || keys.RtcpSalt.Length != 14)
        {
            throw new ArgumentException("AES-CM session salts are 14 bytes.", nameof(keys));
        }

        _rtpTagLength = rtpTagLength;
        _rtpSalt = (byte[])keys.RtpSalt.Clone();
        _rtcpSalt = (byte[])keys.RtcpSalt.Clone();
        _rtpCtr = new AesCounterMode(keys.RtpKey);
        _rtcpCtr = new AesCounterMode(keys.RtcpKey);
        _rtpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtpAuthKey);
        _rtcpHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, keys.RtcpAuthKey);
    }

    public override int RtpOverhead => _rtpTagLength;

    public override int RtcpOverhead => RtcpTagLength + 4;

    public override int ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildCounterBlock(iv, _rtpSalt, ssrc, ((ulong)roc << 16) | sequenceNumber);
        _rtpCtr.Apply(iv, packet[headerLength..length]);

        Span<byte> hash = stackalloc byte[HashLength];
        RtpHmac(packet[..length], roc, hash);
        hash[.._rtpTagLength].CopyTo(packet[length..]);
        return length + _rtpTagLength;
    }

    public override bool UnprotectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, uint roc, ushort sequenceNumber)
    {
        int body = length - _rtpTagLength;
        Span<byte> hash = stackalloc byte[HashLength];
        RtpHmac(packet[..body], roc, hash);
        if (!CryptographicOperations.FixedTimeEquals(hash[.._rtpTagLength], packet[body..length]))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        BuildCounterBlock(iv, _rtpSalt, ssrc, ((ulong)roc << 16) | sequenceNumber);
        _rtpCtr.Apply(iv, packet[headerLength..body]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex)
    {
        Span<byte> iv = stackalloc byte[16];
        BuildCounterBlock(iv, _rtcpSalt, ssrc, srtcpIndex);
        _rtcpCtr.Apply(iv, packet[8..length]);
        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], 0x8000_0000u | srtcpIndex);

        Span<byte> hash = stackalloc byte[HashLength];
        _rtcpHmac.AppendData(packet[..(length + 4)]);
        _rtcpHmac.TryGetHashAndReset(hash, out _);
        hash[..RtcpTagLength].CopyTo(packet[(length + 4)..]);
        return length + 4 + RtcpTagLength;
    }

    public override void ReadRtcpTrailer(ReadOnlySpan<byte> packet, int length, out uint srtcpIndex, out bool encrypted)
    {
        uint word = BinaryPrimitives.ReadUInt32BigEndian(packet[(length - RtcpTagLength - 4)..]);
        srtcpIndex = word & 0x7FFF_FFFF;
        encrypted = (word & 0x8000_0000) != 0;
    }

    public override bool UnprotectRtcp(Span<byte> packet, int length, uint ssrc, uint srtcpIndex, bool encrypted)
    {
        int authenticated = length - RtcpTagLength;
        Span<byte> hash = stackalloc byte[HashLength];
        _rtcpHmac.AppendData(packet[..authenticated]);
        _rtcpHmac.TryGetHashAndReset(hash, out _);
        if (!CryptographicOperations.FixedTimeEquals(hash[..RtcpTagLength], packet[authenticated..length]))
        {
            return false;
        }

        if (encrypted)
        {
            Span<byte> iv = stackalloc byte[16];
            BuildCounterBlock(iv, _rtcpSalt, ssrc, srtcpIndex);
            _rtcpCtr.Apply(iv, packet[8..(authenticated - 4)]);
        }

        return true;
    }

    public override void Dispose()
    {
        _rtpCtr.Dispose();
        _rtcpCtr.Dispose();
        _rtpHmac.Dispose();
        _rtcpHmac.Dispose();
    }

    /// <summary>RFC 3711 §4.1.1: the 14-byte salt shifted left 16 bits, XOR SSRC at bits 64..95, XOR the 48-bit index at bits 16..63.</summary>
    internal static void BuildCounterBlock(Span<byte> iv, ReadOnlySpan<byte> salt, uint ssrc, ulong index)
    {
        iv.Clear();
        salt.CopyTo(iv);
        iv[4] ^= (byte)(ssrc >> 24);
        iv[5] ^= (byte)(ssrc >> 16);
        iv[6] ^= (byte)(ssrc >> 8);
        iv[7] ^= (byte)ssrc;
        iv[8] ^= (byte)(index >> 40);
        iv[9] ^= (byte)(index >> 32);
        iv[10] ^= (byte)(index >> 24);
        iv[11] ^= (byte)(index >> 16);
        iv[12] ^= (byte)(index >> 8);
        iv[13] ^= (byte)index;
    }

    /// <summary>HMAC-SHA1 over the authenticated portion followed by the 32-bit ROC (RFC 3711 §4.2).</summary>
    private void RtpHmac(ReadOnlySpan<byte> authenticated, uint roc, Span<byte> hash)
    {
        Span<byte> rocBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(rocBytes, roc);
        _rtpHmac.AppendData(authenticated);
        _rtpHmac.AppendData(rocBytes);
        _rtpHmac.TryGetHashAndReset(hash, out _);
    }
}
