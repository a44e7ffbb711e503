using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Sfu.ClusterHost;
using Sfu.Interop.Tests.Harness;

namespace Sfu.Interop.Tests;

/// <summary>
/// The README's first command as a process: the built node executable (<c>dotnet Sfu.ClusterHost.dll</c>, what
/// <c>dotnet run --project src/ClusterHost</c> runs) started from the repository root with no <c>--config</c>, so the
/// embedded default configuration is used; probed over HTTP and the WebSocket API, then stopped with SIGTERM.
/// </summary>
[Trait("Category", "Interop")]
public sealed class ClusterHostProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_node_runs_with_the_default_configuration_serves_health_readiness_the_demo_page_and_the_api_then_stops_cleanly_on_SIGTERM()
    {
        int port = FreeTcpPort();
        using var node = StartNode(RepositoryRoot(), new Dictionary<string, string> { ["SFU_HTTP_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        var healthz = await WaitForHealthzAsync(node, http);
        Assert.Equal("ok\n", await healthz.Content.ReadAsStringAsync());

        var readyz = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
        Assert.Equal("ready\n", await readyz.Content.ReadAsStringAsync());

        var page = await http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/ws", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var socket = new ClientWebSocket();
        using (var connect = new CancellationTokenSource(Timeout))
        {
            await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/ws"), connect.Token);
        }
        await SendAsync(socket, """{"request":true,"id":1,"method":"cluster.getNodes","data":{}}""");
        using var nodes = await ReceiveAsync(socket);
        var response = nodes.RootElement;
        Assert.True(response.GetProperty("ok").GetBoolean(), response.ToString());
        Assert.Equal(1, response.GetProperty("id").GetInt32());
        var only = Assert.Single(response.GetProperty("data").GetProperty("nodes").EnumerateArray());
        // Default configuration: the node id is the host name made valid, one worker per core.
        Assert.Equal(NodeHost.DefaultNodeId(), only.GetProperty("nodeId").GetString());
        Assert.Equal("SERVING", only.GetProperty("state").GetString());
        Assert.Equal(Environment.ProcessorCount, only.GetProperty("workers").GetArrayLength());

        await SendAsync(socket, """{"request":true,"id":2,"method":"cluster.createRouter","data":{"mediaCodecs":[{"kind":"audio","mimeType":"audio/opus","clockRate":48000,"channels":2}]}}""");
        using var created = await ReceiveAsync(socket);
        var routerId = created.RootElement.GetProperty("data").GetProperty("id").GetString();

        node.Terminate();

        // The routers close with reason NodeShutdown before the connection closes, then the process exits 0.
        using var closed = await ReceiveAsync(socket);
        Assert.Equal("router.close", closed.RootElement.GetProperty("method").GetString());
        Assert.Equal(routerId, closed.RootElement.GetProperty("data").GetProperty("routerId").GetString());
        Assert.Equal("NodeShutdown", closed.RootElement.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(0, await node.WaitForExitAsync(Timeout));
        Assert.DoesNotContain(node.Output, l => l.Text.Contains("fail:", StringComparison.Ordinal) || l.Text.Contains("crit:", StringComparison.Ordinal)
            || l.Text.Contains("Unhandled exception", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_configuration_the_node_cannot_run_with_stops_it_before_it_serves_with_the_key_named()
    {
        // Started from an empty directory: the default configuration is found beside the executable.
        var directory = Directory.CreateTempSubdirectory("sfu-node-cwd-");
        try
        {
            using var node = StartNode(directory.FullName, new Dictionary<string, string> { ["SFU_NODE_ID"] = "bad~id", ["SFU_HTTP_PORT"] = "0" });

            Assert.Equal(NodeHost.ConfigurationErrorExitCode, await node.WaitForExitAsync(Timeout));
            Assert.Contains(node.Output, l => l.Stream == OutputStream.Stderr && l.Text.Contains("sfu: the node did not start: invalid configuration:", StringComparison.Ordinal));
            Assert.Contains(node.Output, l => l.Text.Contains("sfu.node.id = \"bad~id\"", StringComparison.Ordinal));
            Assert.DoesNotContain(node.Output, l => l.Text.Contains("Unhandled exception", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Starts <c>dotnet Sfu.ClusterHost.dll</c> with no arguments. The solution build puts the host, its
    /// runtimeconfig and its hocon/ files beside this test assembly (a project reference).
    /// </summary>
    private static ExternalProcess StartNode(string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Sfu.ClusterHost.dll");
        if (!File.Exists(dll) || !File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json")))
        {
            throw new InvalidOperationException($"the node executable is not beside the tests ({dll}): build the solution (dotnet build Cluster.sln).");
        }

        // The dotnet CLI that runs the tests tells its children where it is; else the one on PATH.
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        return ExternalProcess.Start(dotnet, [dll], new ExternalProcessOptions
        {
            Name = "node (Sfu.ClusterHost)",
            WorkingDirectory = workingDirectory,
            Environment = environment,
        });
    }

    /// <summary>Polls /healthz until it answers 200; fails at once if the node exits, or after the timeout.</summary>
    private static async Task<HttpResponseMessage> WaitForHealthzAsync(ExternalProcess node, HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (node.ExitCode is not null)
            {
                throw new InvalidOperationException(node.Describe("the node exited before /healthz answered"));
            }
            try
            {
                var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return response;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > Timeout)
            {
                throw new TimeoutException(node.Describe($"/healthz did not answer 200 within {Timeout.TotalSeconds:0} s"));
            }
            await Task.Delay(50);
        }
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"cannot find the repository root above {AppContext.BaseDirectory}");
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonDocument> ReceiveAsync(ClientWebSocket socket)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancel.Token);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray());
            }
        }
    }
}
