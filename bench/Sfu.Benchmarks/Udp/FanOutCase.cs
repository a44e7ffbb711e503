using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Sfu.Media.Net;
using Sfu.Media.Time;

namespace Sfu.Benchmarks.Net;

internal readonly record struct CaseResult(
    double SentPerSecond, double ReceivedPerSecond, double LossPercent, double SendCpuNsPerPacket,
    double ReceiveCpuNsPerPacket);

/// <summary>
/// One measurement: a receiving loop with N endpoints, and a sender (a loop endpoint driven by a timer due every
/// round, or a bare thread) sending round-robin to them as fast as it can. Counters and per-thread CPU time
/// (getrusage RUSAGE_THREAD, read on each thread) are sampled after a warm-up and at the end.
/// </summary>
internal static class FanOutCase
{
    private const int DatagramsPerRound = UdpEndpoint.SendBatchSize * 8;
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(300);

    public static string Describe(string mode) => mode switch
    {
        "epoll" => "(a) epoll + sendmmsg/recvmmsg",
        "epoll-eager" => "(a') same, no recv coalescing",
        "portable" => "(b) portable Socket calls",
        _ => "(c) bare Socket.SendTo thread",
    };

    /// <summary>The loop a mode's receivers (and, but for bare, its sender) run on.</summary>
    public static MediaLoop CreateLoop(string name, string mode) => new(name,
        preferEpoll: mode != "portable",
        receiveCoalescing: mode == "epoll-eager" ? TimeSpan.Zero : null);

    public static async Task<CaseResult> RunAsync(string mode, int payload, int receivers, double seconds)
    {
        using var receiveLoop = CreateLoop("bench-receive", mode);
        receiveLoop.Start();
        var sinks = await Invoke(receiveLoop, () =>
        {
            var list = new UdpEndpoint[receivers];
            for (var i = 0; i < list.Length; i++)
            {
                list[i] = UdpEndpoint.Bind(receiveLoop,
                    new UdpBindOptions { Ip = IPAddress.Loopback, Port = 0, RecvBufferSize = 4 << 20 }, NullHandler.Instance);
            }
            return list;
        });
        var targets = sinks.Select(s => s.LocalAddress).ToArray();

        ISender sender = mode == "bare"
            ? new BareSender(targets, payload)
            : await LoopSender.StartAsync(mode, targets, payload);

        await Task.Delay(WarmUp);
        var (sent0, sendCpu0) = await sender.SampleAsync();
        var (received0, receiveCpu0) = await SampleReceivers(receiveLoop, sinks);
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        var (sent1, sendCpu1) = await sender.SampleAsync();
        var elapsed = clock.Elapsed.TotalSeconds;
        var (received1, receiveCpu1) = await SampleReceivers(receiveLoop, sinks);
        await sender.StopAsync();
        await Invoke(receiveLoop, () =>
        {
            foreach (var sink in sinks)
            {
                sink.Close();
            }
            return 0;
        });
        await receiveLoop.StopAsync();

        var sent = sent1 - sent0;
        var received = received1 - received0;
        return new CaseResult(
            sent / elapsed,
            received / elapsed,
            sent == 0 ? 0 : Math.Max(0, 100.0 * (sent - received) / sent),
            sent == 0 ? 0 : (sendCpu1 - sendCpu0) * 1e6 / sent,
            received == 0 ? 0 : (receiveCpu1 - receiveCpu0) * 1e6 / received);
    }

    private static Task<(long Received, double CpuMs)> SampleReceivers(MediaLoop loop, UdpEndpoint[] sinks) =>
        Invoke(loop, () =>
        {
            long received = 0;
            foreach (var sink in sinks)
            {
                received += sink.Counters.DatagramsReceived;
            }
            return (received, CpuMs(ThreadResourceUsage.ReadCurrentThread()));
        });

    private static double CpuMs(ResourceUsage usage) => usage.UserTimeMs + usage.SystemTimeMs;

    internal static Task<T> Invoke<T>(MediaLoop loop, Func<T> func)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Post(_ =>
        {
            try
            {
                done.SetResult(func());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }, null);
        return done.Task;
    }

    private interface ISender
    {
        /// <summary>Datagrams sent so far and the sending thread's CPU time (ms).</summary>
        Task<(long Sent, double CpuMs)> SampleAsync();

        Task StopAsync();
    }

    /// <summary>Counts nothing itself: the endpoints' counters are the measure.</summary>
    internal sealed class NullHandler : IDatagramHandler
    {
        public static readonly NullHandler Instance = new();

        public void OnDatagram(UdpEndpoint endpoint, Span<byte> datagram, in NetAddress remote, Instant now)
        {
        }
    }

    /// <summary>A loop endpoint that sends <see cref="DatagramsPerRound"/> datagrams every loop round.</summary>
    private sealed class LoopSender : ISender
    {
        private readonly MediaLoop _loop;
        private readonly NetAddress[] _targets;
        private readonly byte[] _payload;
        private readonly LoopTimer _timer;
        private UdpEndpoint? _endpoint;
        private bool _stopped;
        private int _next;

        private LoopSender(MediaLoop loop, NetAddress[] targets, int payload)
        {
            _loop = loop;
            _targets = targets;
            _payload = new byte[payload];
            _timer = new LoopTimer(Round);
        }

        public static async Task<LoopSender> StartAsync(string mode, NetAddress[] targets, int payload)
        {
            var loop = CreateLoop("bench-send", mode);
            loop.Start();
            var sender = new LoopSender(loop, targets, payload);
            await Invoke(loop, () =>
            {
                sender._endpoint = UdpEndpoint.Bind(loop,
                    new UdpBindOptions { Ip = IPAddress.Loopback, SendBufferSize = 4 << 20 }, NullHandler.Instance);
                loop.Schedule(sender._timer, loop.Now);
                return 0;
            });
            return sender;
        }

        public Task<(long Sent, double CpuMs)> SampleAsync() =>
            Invoke(_loop, () => (_endpoint!.Counters.DatagramsSent, CpuMs(ThreadResourceUsage.ReadCurrentThread())));

        public async Task StopAsync()
        {
            await Invoke(_loop, () =>
            {
                _stopped = true;
                _loop.Cancel(_timer);
                _endpoint!.Close();
                return 0;
            });
            await _loop.StopAsync();
            _loop.Dispose();
        }

        private void Round(Instant now)
        {
            if (_stopped)
            {
                return;
            }
            var endpoint = _endpoint!;
            for (var i = 0; i < DatagramsPerRound; i++)
            {
                endpoint.TrySend(_payload, _targets[_next]);
                _next = _next + 1 == _targets.Length ? 0 : _next + 1;
            }
            // Due just after this round's clock reading: runs next round, and the loop does not sleep in between.
            _loop.Schedule(_timer, now.AddMicroseconds(1));
        }
    }

    /// <summary>The ceiling: a plain thread in a blocking Socket.SendTo loop, no batching, no loop.</summary>
    private sealed class BareSender : ISender
    {
        private readonly Thread _thread;
        private readonly SocketAddress[] _targets;
        private readonly byte[] _payload;
        private readonly Socket _socket;
        private volatile bool _stop;
        private volatile TaskCompletionSource<(long, double)>? _sampleRequest;
        private long _sent;

        public BareSender(NetAddress[] targets, int payload)
        {
            _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _socket.SendBufferSize = 4 << 20;
            _targets = targets.Select(t => t.ToIPEndPoint().Serialize()).ToArray();
            _payload = new byte[payload];
            _thread = new Thread(Run) { Name = "bench-bare-send", IsBackground = true };
            _thread.Start();
        }

        public Task<(long Sent, double CpuMs)> SampleAsync()
        {
            var request = new TaskCompletionSource<(long, double)>(TaskCreationOptions.RunContinuationsAsynchronously);
            _sampleRequest = request;
            return request.Task;
        }

        public Task StopAsync()
        {
            _stop = true;
            _thread.Join();
            _socket.Dispose();
            return Task.CompletedTask;
        }

        private void Run()
        {
            var next = 0;
            while (!_stop)
            {
                for (var i = 0; i < 64; i++)
                {
                    _socket.SendTo(_payload, SocketFlags.None, _targets[next]);
                    next = next + 1 == _targets.Length ? 0 : next + 1;
                }
                _sent += 64;
                if (_sampleRequest is { } request)
                {
                    _sampleRequest = null;
                    request.SetResult((_sent, CpuMs(ThreadResourceUsage.ReadCurrentThread())));
                }
            }
        }
    }
}
