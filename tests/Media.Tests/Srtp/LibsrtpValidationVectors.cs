using Sfu.Media.Srtp;

namespace Sfu.Media.Tests.Srtp;

/// <summary>
/// The known-answer packets of libsrtp's <c>srtp_validate</c> and <c>srtp_validate_gcm</c> (test/srtp_driver.c),
/// the library mediasoup links: the whole path from master key through key derivation to protected bytes, for
/// SSRC 0xcafebabe, SEQ 0x1234 and the first SRTCP index (1). The GCM case also pins how a 12-byte master salt
/// enters the key derivation.
/// </summary>
public class LibsrtpValidationVectors
{
    private const string RtpPlain = "800f1234 decafbad cafebabe abababab abababab abababab abababab";
    private const string RtcpPlain = "81c8000b cafebabe abababab abababab abababab abababab";

    public static TheoryData<SrtpProfile, string, string, string> Vectors => new()
    {
        {
            SrtpProfile.AesCm128HmacSha1_80,
            "e1f97a0d3e018be0d64fa32c06de4139 0ec675ad498afeebb6960b3aabe6",
            "800f1234 decafbad cafebabe 4e55dc4c e79978d8 8ca4d215 949d2402 b78d6acc 99ea179b 8dbb",
            "81c8000b cafebabe 7128035b e487b9bd bef89041 f977a5a8 80000001 993e08cd 54d6c123 0798"
        },
        {
            SrtpProfile.AeadAes128Gcm,
            "000102030405060708090a0b0c0d0e0f a0a1a2a3a4a5a6a7a8a9aaab",
            "800f1234 decafbad cafebabe c5002ede 04cfdd2e b91159e0 880aa06e d2976826 f796b201 df3131a1 27e8a392",
            "81c8000b cafebabe c98b8b5d f0392a55 852b6c21 ac8e7025 c52c6fbe a2b3b446 ea31123b a88ce61e 80000001"
        },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Protecting_from_the_master_key_yields_libsrtp_bytes(SrtpProfile profile, string master, string srtp, string srtcp)
    {
        using var sender = new SrtpContext(SrtpMasterKey.FromConcatenated(profile, Hex.Decode(master)));

        var rtp = Room(RtpPlain);
        Assert.True(sender.TryProtectRtp(rtp, Hex.Decode(RtpPlain).Length, out int rtpLength, out var error), error.ToString());
        Assert.Equal(Hex.Decode(srtp), rtp[..rtpLength]);

        var rtcp = Room(RtcpPlain);
        Assert.True(sender.TryProtectRtcp(rtcp, Hex.Decode(RtcpPlain).Length, out int rtcpLength, out error), error.ToString());
        Assert.Equal(Hex.Decode(srtcp), rtcp[..rtcpLength]);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Unprotecting_libsrtp_bytes_recovers_the_plaintext(SrtpProfile profile, string master, string srtp, string srtcp)
    {
        using var receiver = new SrtpContext(SrtpMasterKey.FromConcatenated(profile, Hex.Decode(master)));

        var rtp = Hex.Decode(srtp);
        Assert.True(receiver.TryUnprotectRtp(rtp, rtp.Length, out int rtpLength, out var error), error.ToString());
        Assert.Equal(Hex.Decode(RtpPlain), rtp[..rtpLength]);

        var rtcp = Hex.Decode(srtcp);
        Assert.True(receiver.TryUnprotectRtcp(rtcp, rtcp.Length, out int rtcpLength, out error), error.ToString());
        Assert.Equal(Hex.Decode(RtcpPlain), rtcp[..rtcpLength]);
    }

    private static byte[] Room(string hex)
    {
        var packet = Hex.Decode(hex);
        var buffer = new byte[packet.Length + SrtpProfiles.MaxRtcpOverhead];
        packet.CopyTo(buffer, 0);
        return buffer;
    }
}
