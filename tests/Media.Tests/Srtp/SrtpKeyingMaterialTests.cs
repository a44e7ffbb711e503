using Sfu.Media.Srtp;

namespace Sfu.Media.Tests.Srtp;

/// <summary>RFC 5764 §4.2: client key | server key | client salt | server salt.</summary>
public class SrtpKeyingMaterialTests
{
    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void Material_splits_into_client_key_server_key_client_salt_server_salt(SrtpProfile profile)
    {
        int k = profile.MasterKeyLength();
        int s = profile.MasterSaltLength();
        var material = Enumerable.Range(0, profile.KeyingMaterialLength()).Select(i => (byte)i).ToArray();

        SrtpKeyingMaterial.Split(profile, material, out var client, out var server);

        Assert.Equal(material[..k], client.Key.ToArray());
        Assert.Equal(material[k..(2 * k)], server.Key.ToArray());
        Assert.Equal(material[(2 * k)..(2 * k + s)], client.Salt.ToArray());
        Assert.Equal(material[(2 * k + s)..], server.Salt.ToArray());
    }

    [Fact]
    public void Material_of_the_wrong_length_is_rejected()
    {
        Assert.Throws<ArgumentException>(() =>
            SrtpKeyingMaterial.Split(SrtpProfile.AeadAes128Gcm, new byte[60], out _, out _));
    }

    [Theory]
    [MemberData(nameof(TestPackets.AllProfiles), MemberType = typeof(TestPackets))]
    public void A_dtls_client_and_server_with_the_same_material_understand_each_other_both_ways(SrtpProfile profile)
    {
        var material = new byte[profile.KeyingMaterialLength()];
        new Random(5).NextBytes(material);
        using var client = SrtpContextPair.FromDtlsKeyingMaterial(profile, material, SrtpKeyingRole.DtlsClient);
        using var server = SrtpContextPair.FromDtlsKeyingMaterial(profile, material, SrtpKeyingRole.DtlsServer);

        var toServer = TestPackets.ProtectRtp(client.Send, TestPackets.Rtp(1));
        Assert.True(server.Receive.TryUnprotectRtp(toServer, toServer.Length, out _, out var error), error.ToString());

        var toClient = TestPackets.ProtectRtcp(server.Send, TestPackets.Rtcp());
        Assert.True(client.Receive.TryUnprotectRtcp(toClient, toClient.Length, out _, out error), error.ToString());
    }

    [Fact]
    public void Two_endpoints_that_both_think_they_are_the_client_cannot_read_each_other()
    {
        var profile = SrtpProfile.AesCm128HmacSha1_80;
        var material = new byte[profile.KeyingMaterialLength()];
        new Random(6).NextBytes(material);
        using var a = SrtpContextPair.FromDtlsKeyingMaterial(profile, material, SrtpKeyingRole.DtlsClient);
        using var b = SrtpContextPair.FromDtlsKeyingMaterial(profile, material, SrtpKeyingRole.DtlsClient);

        var wire = TestPackets.ProtectRtp(a.Send, TestPackets.Rtp(1));
        Assert.False(b.Receive.TryUnprotectRtp(wire, wire.Length, out _, out var error));
        Assert.Equal(SrtpError.AuthenticationFailed, error);
    }

    [Fact]
    public void A_plain_transport_pair_sends_with_the_local_key_and_receives_with_the_remote_key()
    {
        var profile = SrtpProfile.AeadAes256Gcm;
        var sfuKey = SrtpMasterKey.Generate(profile);
        var peerKey = SrtpMasterKey.Generate(profile);
        using var sfu = SrtpContextPair.FromMasterKeys(local: sfuKey, remote: peerKey);
        using var peer = SrtpContextPair.FromMasterKeys(local: peerKey, remote: sfuKey);

        var fromPeer = TestPackets.ProtectRtp(peer.Send, TestPackets.Rtp(9));
        Assert.True(sfu.Receive.TryUnprotectRtp(fromPeer, fromPeer.Length, out _, out var error), error.ToString());
        var fromSfu = TestPackets.ProtectRtp(sfu.Send, TestPackets.Rtp(9));
        Assert.True(peer.Receive.TryUnprotectRtp(fromSfu, fromSfu.Length, out _, out error), error.ToString());
    }

    [Fact]
    public void Keys_of_different_profiles_do_not_make_a_pair()
    {
        Assert.Throws<ArgumentException>(() => SrtpContextPair.FromMasterKeys(
            SrtpMasterKey.Generate(SrtpProfile.AesCm128HmacSha1_80),
            SrtpMasterKey.Generate(SrtpProfile.AesCm128HmacSha1_32)));
    }
}
