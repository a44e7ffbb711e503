using Sfu.Contracts.Rtp;
using Xunit.Sdk;

namespace Sfu.Media.Tests.Ortc;

/// <summary>The JSON comparison the ORTC tests rely on must be able to fail.</summary>
public sealed class JsonAssertTests
{
    [Theory]
    [InlineData("""{ "type": "nack", "parameter": "pli" }""")]
    [InlineData("""{ "type": "nack" }""")]
    [InlineData("""{ "type": "nack", "parameter": "" }""")]
    [InlineData("""{ "type": "nack", "parameter": "fir", "x": 1 }""")]
    [InlineData("""[ { "type": "nack", "parameter": "fir" } ]""")]
    public void A_different_value_fails(string expected)
    {
        Assert.Throws<FailException>(() => JsonAssert.Equal(expected, new RtcpFeedback("nack", "fir")));
    }

    [Fact]
    public void Key_order_does_not_matter_but_array_order_does()
    {
        JsonAssert.Equal("""{ "parameter": "fir", "type": "nack" }""", new RtcpFeedback("nack", "fir"));
        Assert.Throws<FailException>(() => JsonAssert.Equal(
            """[ { "type": "a" }, { "type": "b" } ]""",
            new[] { new RtcpFeedback("b"), new RtcpFeedback("a") }));
    }

    [Fact]
    public void Numbers_compare_by_value_and_never_equal_strings()
    {
        JsonAssert.Equal("""{ "a": 1.0 }""", new Dictionary<string, CodecParameterValue> { ["a"] = 1 });
        Assert.Throws<FailException>(() => JsonAssert.Equal(
            """{ "a": "1" }""", new Dictionary<string, CodecParameterValue> { ["a"] = 1 }));
    }
}
