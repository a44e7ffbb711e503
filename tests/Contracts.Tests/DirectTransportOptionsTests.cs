using Sfu.Contracts.Options;

namespace Sfu.Contracts.Tests;

public class DirectTransportOptionsTests
{
    [Fact]
    public void Max_message_size_and_app_data_round_trip() =>
        JsonAssert.RoundTrips<DirectTransportOptions>("""{"maxMessageSize":1024,"appData":{"foo":"bar"}}""");

    [Fact]
    public void A_negative_max_message_size_deserializes_for_the_server_to_reject() =>
        Assert.Equal(-2000, SfuJson.Deserialize<DirectTransportOptions>("""{"maxMessageSize":-2000}""").MaxMessageSize);

    [Fact]
    public void A_string_max_message_size_is_rejected() =>
        JsonAssert.Rejects<DirectTransportOptions>("""{"maxMessageSize":"foo"}""");
}
