using Sfu.Contracts.Rtp;

namespace Sfu.Media.Tests.Ortc;

/// <summary>M3 <c>parseScalabilityMode</c>, with mediasoup's test-mediasoup vectors.</summary>
public sealed class ScalabilityModeTests
{
    [Theory]
    [InlineData("L1T3", 1, 3, false)]
    [InlineData("L3T2_KEY", 3, 2, true)]
    [InlineData("S2T3", 2, 3, false)]
    [InlineData("L20T3", 20, 3, false)]
    [InlineData("L4T7_KEY_SHIFT", 4, 7, true)]
    [InlineData("L99T99", 99, 99, false)]
    public void Valid_modes_give_spatial_and_temporal_layers_and_ksvc(string mode, int spatial, int temporal, bool ksvc)
    {
        Assert.Equal(new ScalabilityMode(spatial, temporal, ksvc), ScalabilityMode.Parse(mode));
    }

    [Theory]
    [InlineData("foo")]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("S0T3")]
    [InlineData("S1T0")]
    [InlineData("S200T3")]
    [InlineData("l1t3")]
    [InlineData("XL1T3")]
    public void Anything_else_gives_one_layer_of_each_without_ksvc(string? mode)
    {
        Assert.Equal(new ScalabilityMode(1, 1, false), ScalabilityMode.Parse(mode));
    }

    [Theory]
    // Digits outside ASCII are not digits to JavaScript's \d, so these do not match (and must not throw).
    [InlineData("L1\u0663T3")]
    [InlineData("L\u0663T3")]
    [InlineData("L1T\u0663")]
    public void Non_ascii_digits_do_not_count_as_digits(string mode)
    {
        Assert.Equal(new ScalabilityMode(1, 1, false), ScalabilityMode.Parse(mode));
    }

    [Fact]
    public void Only_the_start_of_the_string_needs_to_match()
    {
        Assert.Equal(new ScalabilityMode(2, 2, false), ScalabilityMode.Parse("L2T2h"));
        Assert.Equal(new ScalabilityMode(1, 2, true), ScalabilityMode.Parse("S1T2_KEYxyz"));
    }
}
