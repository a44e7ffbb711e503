using Sfu.Contracts.Options;

namespace Sfu.Contracts.Tests;

public class WorkerSettingsTests
{
    [Fact]
    public void Full_settings_round_trip() =>
        JsonAssert.RoundTrips<WorkerSettings>("""
            {"logLevel":"debug","logTags":["info","ice","dtls"],"rtcMinPort":10000,"rtcMaxPort":59999,
             "dtlsCertificateFile":"/tmp/cert.pem","dtlsPrivateKeyFile":"/tmp/key.pem",
             "libwebrtcFieldTrials":"WebRTC-Bwe-AlrLimitedBackoff/Enabled/","disableLiburing":true,"appData":{"foo":456}}
            """);

    [Theory]
    [InlineData("""{"logLevel":"chicken"}""")]
    [InlineData("""{"rtcMinPort":"1000"}""")]
    [InlineData("""{"appData":"str"}""")]
    public void Invalid_settings_do_not_deserialize(string json) =>
        JsonAssert.Rejects<WorkerSettings>(json);

    [Fact]
    public void Updateable_settings_round_trip() =>
        JsonAssert.RoundTrips<WorkerUpdateableSettings>("""{"logLevel":"none","logTags":[]}""");
}
