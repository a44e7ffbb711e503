using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class DtlsParametersTests
{
    private const string ServerParameters = """
        {"role":"auto","fingerprints":[
          {"algorithm":"sha-1","value":"A9:F4:E0:D2:74:D3:0F:D9:CA:A5:2F:9F:7F:47:FA:F0:C4:72:DD:73"},
          {"algorithm":"sha-224","value":"D0:1A:F2:B7:4C:9E:6A:BA:4A:79:2C:8B:8C:E9:2C:30:D4:DF:38:0D:74:0E:12:3F:5E:04:2F:D9"},
          {"algorithm":"sha-256","value":"7C:F8:61:D1:2B:3F:3E:AE:D2:67:BB:64:0F:F4:09:55:2D:C7:1B:04:2E:C4:DD:BF:4E:3F:B5:3E:8D:8D:2D:9B"},
          {"algorithm":"sha-384","value":"B0:0A:2C:9C:55:38:53:D7:11:55:FE:57:7F:E3:5A:57:84:9B:C2:81:62:B2:8C:1E:2B:4C:3D:BF:56:5C:07:F9:3E:09:55:97:11:AC:7C:0B:2C:42:E0:6D:7E:64:7E:54"},
          {"algorithm":"sha-512","value":"C1:21:A0:B3:0A:68:3F:5D:74:B8:C6:6A:B8:F6:63:2E:06:05:AE:96:92:6E:2E:0E:A0:46:02:71:CB:39:6E:2F:9E:20:EB:2F:08:F8:08:C7:49:3C:52:1E:4F:2F:CC:D7:D2:2F:6D:6B:BC:C7:36:53:4B:E7:9E:9C:70:E0:1D:54"}
        ]}
        """;

    [Fact]
    public void Server_dtls_parameters_round_trip_with_all_five_algorithms_in_order()
    {
        var parameters = JsonAssert.RoundTrips<DtlsParameters>(ServerParameters);

        Assert.Equal(DtlsRole.Auto, parameters.Role);
        Assert.Equal(
            [FingerprintAlgorithm.Sha1, FingerprintAlgorithm.Sha224, FingerprintAlgorithm.Sha256, FingerprintAlgorithm.Sha384, FingerprintAlgorithm.Sha512],
            parameters.Fingerprints.Select(f => f.Algorithm));
    }

    [Fact]
    public void A_client_connect_without_role_omits_it()
    {
        var parameters = new DtlsParameters
        {
            Fingerprints = [new DtlsFingerprint { Algorithm = FingerprintAlgorithm.Sha256, Value = "82:5A:68:3D:36:C3:0A:DE:AF:E7:32:43:D2:88:83:57:AC:2D:65:E5:80:C4:B6:FB:AF:1A:A0:21:9F:6D:0C:AD" }],
        };

        JsonAssert.Writes(parameters, """
            {"fingerprints":[{"algorithm":"sha-256","value":"82:5A:68:3D:36:C3:0A:DE:AF:E7:32:43:D2:88:83:57:AC:2D:65:E5:80:C4:B6:FB:AF:1A:A0:21:9F:6D:0C:AD"}]}
            """);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"role":"client"}""")]
    [InlineData("""{"fingerprints":[{"algorithm":"sha-256000","value":"AA"}]}""")]
    [InlineData("""{"fingerprints":[{"value":"AA"}]}""")]
    [InlineData("""{"fingerprints":[{"algorithm":"sha-256"}]}""")]
    [InlineData("""{"role":"chicken","fingerprints":[]}""")]
    [InlineData("""{"fingerprints":"AA"}""")]
    public void Invalid_dtls_parameters_do_not_deserialize(string json) =>
        JsonAssert.Rejects<DtlsParameters>(json);

    [Fact]
    public void Empty_fingerprints_deserialize_so_the_server_can_reject_them_with_its_reason() =>
        Assert.Empty(SfuJson.Deserialize<DtlsParameters>("""{"role":"server","fingerprints":[]}""").Fingerprints);
}
