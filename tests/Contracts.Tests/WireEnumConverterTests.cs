using Sfu.Contracts.Dumps;
using Sfu.Contracts.Events;
using Sfu.Contracts.Options;
using Sfu.Contracts.Transports;

namespace Sfu.Contracts.Tests;

public class WireEnumConverterTests
{
    [Theory]
    [InlineData("\"chicken\"")]
    [InlineData("\"Udp\"")]
    [InlineData("\"UDP\"")]
    [InlineData("\"\"")]
    [InlineData("0")]
    [InlineData("\"0\"")]
    [InlineData("\"1\"")]
    [InlineData("true")]
    [InlineData("{}")]
    public void Transport_protocol_rejects_anything_but_its_lowercase_strings(string json) =>
        JsonAssert.Rejects<TransportProtocol>(json);

    [Fact]
    public void Enums_read_and_write_their_exact_wire_strings()
    {
        JsonAssert.Writes(TransportProtocol.Tcp, "\"tcp\"");
        JsonAssert.Writes(IceCandidateTcpType.Passive, "\"passive\"");
        JsonAssert.Writes(IceRole.Controlled, "\"controlled\"");
        JsonAssert.Writes(IceState.Completed, "\"completed\"");
        JsonAssert.Writes(DtlsState.Connecting, "\"connecting\"");
        JsonAssert.Writes(SctpState.Failed, "\"failed\"");
        JsonAssert.Writes(DtlsRole.Auto, "\"auto\"");
        JsonAssert.Writes(TransportTraceEventType.Probation, "\"probation\"");
        JsonAssert.Writes(ProducerTraceEventType.KeyFrame, "\"keyframe\"");
        JsonAssert.Writes(ConsumerTraceEventType.Fir, "\"fir\"");
        JsonAssert.Writes(TraceDirection.Out, "\"out\"");
        JsonAssert.Writes(ProducerType.Svc, "\"svc\"");
        JsonAssert.Writes(ConsumerType.Pipe, "\"pipe\"");
        JsonAssert.Writes(DataProducerType.Direct, "\"direct\"");
        JsonAssert.Writes(DataConsumerType.Sctp, "\"sctp\"");
        JsonAssert.Writes(WorkerLogLevel.Warn, "\"warn\"");
        Assert.Equal(IceState.Disconnected, SfuJson.Deserialize<IceState>("\"disconnected\""));
        Assert.Equal(SctpState.Connected, SfuJson.Deserialize<SctpState>("\"connected\""));
    }

    [Theory]
    [InlineData("\"chicken\"")]
    [InlineData("\"Client\"")]
    [InlineData("1")]
    public void Dtls_role_rejects_unknown_values(string json) =>
        JsonAssert.Rejects<DtlsRole>(json);

    [Fact]
    public void Worker_log_level_rejects_unknown_levels() =>
        JsonAssert.Rejects<WorkerSettings>("""{"logLevel":"chicken"}""");
}
