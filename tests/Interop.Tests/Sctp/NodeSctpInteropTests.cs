using System.Collections.Concurrent;
using System.Text;
using Sfu.Interop.Tests.Harness;
using Sfu.Media.Sctp;

namespace Sfu.Interop.Tests.Sctp;

/// <summary>
/// The project's SCTP association against a real, independent implementation: the npm package <c>sctp</c>
/// (node-sctp), the peer of mediasoup's test-node-sctp.ts, over UDP on 127.0.0.1. Node is the client; this side is a
/// server like a PlainTransport with enableSctp and numSctpStreams {OS: 256, MIS: 256}.
/// </summary>
[Trait("Category", "Interop")]
public sealed class NodeSctpInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Node_sctp_sends_200_ordered_messages_on_stream_123_and_gets_200_back_on_stream_0_in_order_with_their_ppids()
    {
        const int count = 200;
        var received = new ConcurrentQueue<(ushort Stream, uint Ppid, string Text)>();
        var states = new ConcurrentQueue<SctpState>();
        using var shell = new SctpUdpShell(
            new SctpAssociationOptions { OutboundStreams = 256, MaxInboundStreams = 256, Role = SctpRole.Server },
            (association, e, now) =>
            {
                if (e.Kind == SctpEventKind.StateChanged)
                {
                    states.Enqueue(e.State);
                }
                else if (e.Kind == SctpEventKind.MessageReceived)
                {
                    received.Enqueue((e.StreamId, e.PayloadProtocolIdentifier, Encoding.UTF8.GetString(e.Message)));
                    // Like a DataConsumer on stream 0 of the same transport: send the message back.
                    SctpSendResult result = association.Send(0, e.PayloadProtocolIdentifier, e.Message, ordered: true, null, null, now);
                    if (result != SctpSendResult.Success)
                    {
                        throw new InvalidOperationException($"send back failed: {result}");
                    }
                }
            });

        using ExternalProcess node = StartNodePeer(shell.Port, count);
        await node.WaitForLineAsync(l => l.Contains("\"connected\"", StringComparison.Ordinal), Timeout, "the SCTP association to open");
        OutputLine done = await node.WaitForLineAsync(
            l => l.Contains("\"done\"", StringComparison.Ordinal) || l.Contains("\"error\"", StringComparison.Ordinal),
            Timeout, "node-sctp to receive the 200 messages back");
        shell.ThrowIfFailed();

        Assert.True(done.Text.Contains("\"done\"", StringComparison.Ordinal), node.Describe("node-sctp reported an error"));
        Assert.Equal(0, await node.WaitForExitAsync(Timeout));
        var messages = received.ToArray();
        Assert.Equal(count, messages.Length);
        for (int i = 0; i < count; i++)
        {
            int id = i + 1;
            Assert.Equal((ushort)123, messages[i].Stream);
            Assert.Equal(id.ToString(System.Globalization.CultureInfo.InvariantCulture), messages[i].Text);
            Assert.Equal(id < count / 2 ? 51u : 53u, messages[i].Ppid);
        }

        Assert.Equal([SctpState.Connecting, SctpState.Connected], states.ToArray());
        Assert.Equal(256, shell.Association.NegotiatedInboundStreams);
        Assert.Equal(count, shell.Association.MessagesReceived);
        Assert.Equal(count, shell.Association.MessagesSent);
        Assert.Equal(messages.Sum(m => (long)Encoding.UTF8.GetByteCount(m.Text)), shell.Association.BytesReceived);
        Assert.Equal(0, shell.Association.GetDropCount(SctpDropReason.BadChecksum));
        Assert.Equal(0, shell.Association.GetDropCount(SctpDropReason.Malformed));
    }

    /// <summary>
    /// Starts <c>node tests/Interop.Tests/node/sctp-peer.js</c>. A missing Node or npm package fails the test with
    /// instructions (./test.sh runs <c>npm ci</c> there), never a skip.
    /// </summary>
    internal static ExternalProcess StartNodePeer(int port, int count, string mode = "echo")
    {
        string directory = NodeDirectory();
        string nodePath;
        try
        {
            nodePath = Tools.Resolve("node");
        }
        catch (InvalidOperationException)
        {
            throw new InvalidOperationException("'node' is not installed (not found on PATH); the SCTP interop test needs Node.js 18+ and the npm package 'sctp' (run ./test.sh, which runs npm ci in tests/Interop.Tests/node).");
        }

        if (!Directory.Exists(Path.Combine(directory, "node_modules", "sctp")))
        {
            throw new InvalidOperationException($"the npm package 'sctp' is not installed in {directory}: run ./test.sh, or npm ci --prefix tests/Interop.Tests/node.");
        }

        return ExternalProcess.Start(nodePath, [Path.Combine(directory, "sctp-peer.js"), port.ToString(System.Globalization.CultureInfo.InvariantCulture), count.ToString(System.Globalization.CultureInfo.InvariantCulture), mode],
            new ExternalProcessOptions { Name = "node-sctp peer" });
    }

    private static string NodeDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return Path.Combine(dir.FullName, "tests", "Interop.Tests", "node");
            }
        }

        throw new InvalidOperationException($"cannot find the repository root above {AppContext.BaseDirectory}");
    }
}
