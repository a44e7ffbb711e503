using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class SrtpParametersTests
{
    [Theory]
    [InlineData(SrtpCryptoSuite.AeadAes256Gcm, "AEAD_AES_256_GCM")]
    [InlineData(SrtpCryptoSuite.AeadAes128Gcm, "AEAD_AES_128_GCM")]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1Tag80, "AES_CM_128_HMAC_SHA1_80")]
    [InlineData(SrtpCryptoSuite.AesCm128HmacSha1Tag32, "AES_CM_128_HMAC_SHA1_32")]
    public void Crypto_suites_are_spelled_exactly(SrtpCryptoSuite suite, string wire)
    {
        JsonAssert.Writes(suite, $"\"{wire}\"");
        Assert.Equal(suite, SfuJson.Deserialize<SrtpCryptoSuite>($"\"{wire}\""));
    }

    [Fact]
    public void Srtp_parameters_round_trip() =>
        JsonAssert.RoundTrips<SrtpParameters>("""
            {"cryptoSuite":"AEAD_AES_256_GCM","keyBase64":"YTdjcDBvY2JoMGY5YXNlNDc0eDJsdGgwaWRvNnJsamRrdG16aWVpZHdlZWNjZw=="}
            """);

    [Theory]
    [InlineData("""{"cryptoSuite":"aead_aes_256_gcm","keyBase64":"x"}""")]
    [InlineData("""{"cryptoSuite":"FOO","keyBase64":"x"}""")]
    [InlineData("""{"cryptoSuite":"AES_CM_128_HMAC_SHA1_80"}""")]
    [InlineData("""{"keyBase64":"x"}""")]
    [InlineData("\"invalid\"")]
    public void Invalid_srtp_parameters_do_not_deserialize(string json) =>
        JsonAssert.Rejects<SrtpParameters>(json);
}
