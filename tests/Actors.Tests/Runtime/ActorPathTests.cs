using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Runtime;

public sealed class ActorPathTests
{
    [Fact]
    public void A_path_prints_as_an_sfu_address()
    {
        var root = new ActorPath("system", null);
        var path = root / "user" / "router-1" / "transport-7";
        Assert.Equal("sfu://system", root.ToString());
        Assert.Equal("sfu://system/user/router-1/transport-7", path.ToString());
        Assert.Equal("transport-7", path.Name);
        Assert.Equal("sfu://system/user/router-1", path.Parent!.ToString());
        Assert.Equal(root, path.Root);
    }

    [Fact]
    public void Paths_with_the_same_elements_are_equal()
    {
        var a = new ActorPath("s", null) / "user" / "x";
        var b = new ActorPath("s", null).Child("user").Child("x");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new ActorPath("s", null) / "user" / "y");
        Assert.NotEqual(a, new ActorPath("t", null) / "user" / "x");
    }
}
