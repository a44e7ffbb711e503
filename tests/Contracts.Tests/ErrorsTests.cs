namespace Sfu.Contracts.Tests;

/// <summary>The error kinds keep their wire names, and a wire name builds its kind back (C0.1).</summary>
public sealed class ErrorsTests
{
    public static TheoryData<string, Type> Kinds => new()
    {
        { "TypeError", typeof(TypeError) },
        { "UnsupportedError", typeof(UnsupportedError) },
        { "InvalidStateError", typeof(InvalidStateError) },
        { "NodeUnavailable", typeof(NodeUnavailableError) },
        { "DeadlineExceeded", typeof(DeadlineExceededError) },
        { "Draining", typeof(DrainingError) },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_kind_keeps_its_wire_name_and_reason(string name, Type type)
    {
        var error = (SfuException)Activator.CreateInstance(type, "the reason")!;

        Assert.Equal(name, error.Name);
        Assert.Equal("the reason", error.Message);
    }

    [Fact]
    public void A_plain_SfuException_is_mediasoups_Error()
    {
        var error = new SfuException("something failed");

        Assert.Equal("Error", error.Name);
        Assert.Equal(ErrorNames.Error, error.Name);
        Assert.Equal("something failed", error.Message);
        Assert.Equal(typeof(SfuException), error.GetType());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_wire_name_builds_its_kind_back(string name, Type type)
    {
        var error = SfuException.FromWire(name, "why");

        Assert.IsType(type, error);
        Assert.Equal(name, error.Name);
        Assert.Equal("why", error.Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_kind_survives_a_round_trip_through_its_wire_name(string name, Type type)
    {
        var original = (SfuException)Activator.CreateInstance(type, "round trip")!;

        var back = SfuException.FromWire(original.Name, original.Message);

        Assert.Equal(original.GetType(), back.GetType());
        Assert.Equal(name, back.Name);
        Assert.Equal(original.Message, back.Message);
    }

    [Theory]
    [InlineData("Error")]
    [InlineData(null)]
    [InlineData("")]
    public void Error_and_a_missing_name_are_a_plain_Error(string? name)
    {
        var error = SfuException.FromWire(name, "plain");

        Assert.Equal(typeof(SfuException), error.GetType());
        Assert.Equal("Error", error.Name);
        Assert.Equal("plain", error.Message);
    }

    [Theory]
    [InlineData("RangeError")]
    [InlineData("typeerror")]
    [InlineData("SomethingNew")]
    public void An_unknown_name_is_a_plain_Error(string name)
    {
        var error = SfuException.FromWire(name, "from a newer node");

        // The wire's error names are a closed set; like mediasoup's Channel with worker errors, anything else is Error.
        Assert.Equal(typeof(SfuException), error.GetType());
        Assert.Equal("Error", error.Name);
        Assert.Equal("from a newer node", error.Message);
    }

    [Fact]
    public void A_missing_reason_becomes_an_empty_message()
    {
        var error = SfuException.FromWire("TypeError", null);

        Assert.IsType<TypeError>(error);
        Assert.Equal("", error.Message);
    }

    [Fact]
    public void Every_named_kind_is_an_SfuException_so_one_catch_takes_them_all()
    {
        Assert.All(Kinds, row => Assert.True(typeof(SfuException).IsAssignableFrom((Type)row[1])));
    }
}
