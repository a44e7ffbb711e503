using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class IceParametersTests
{
    [Fact]
    public void Server_ice_parameters_carry_ice_lite()
    {
        JsonAssert.Writes(
            new IceParameters { UsernameFragment = "ufragufragufragufragufragufrag12", Password = "pwdpwdpwdpwdpwdpwdpwdpwdpwdpwd12", IceLite = true },
            """{"usernameFragment":"ufragufragufragufragufragufrag12","password":"pwdpwdpwdpwdpwdpwdpwdpwdpwdpwd12","iceLite":true}""");
    }

    [Fact]
    public void Ice_lite_is_omitted_when_absent() =>
        JsonAssert.RoundTrips<IceParameters>("""{"usernameFragment":"u","password":"p"}""");

    [Fact]
    public void Missing_password_is_rejected() =>
        JsonAssert.Rejects<IceParameters>("""{"usernameFragment":"u"}""");
}
