using System.Diagnostics;
using System.Globalization;
using Sfu.Actors.Cluster;
using Sfu.Benchmarks.Load;
using Sfu.Client;
using Sfu.Contracts.Api;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Media.Net;

namespace Sfu.Benchmarks;

/// <summary>
/// The load benchmark (issue 3 item 9): an embedded node (<see cref="SfuNode"/>, W media workers); per worker a router
/// with one VP8 producer on a comedia plain transport, fed by a C# sender at a fixed packet rate, and N simple
/// consumers on plain transports that send to UDP sink sockets on loopback. After a warm-up it measures, over a window:
/// packets forwarded per second (what the sinks received; total and per worker), each worker thread's CPU
/// (getrusage RUSAGE_THREAD through <c>worker.getResourceUsage()</c>) and what that makes per core at 100 %, loss (sent
/// × N against received, split into the SFU's input and output sides from the producers' and consumers' stats), and
/// the bytes allocated on each worker thread per forwarded packet. The sender and the sinks run on media loops of
/// their own (sendmmsg/recvmmsg batches) in this process, so on a small machine they share the cores with the node.
/// </summary>
public sealed class LoadCommand : IBenchCommand
{
    private const string NodeId = "load";

    public string Name => "load";

    public string Description => "one producer fanned out to N consumers over loopback UDP: " + LoadOptions.Usage;

    public async Task<int> RunAsync(string[] args)
    {
        var options = LoadOptions.Parse(args);
        if (options is null)
        {
            return 2;
        }

        Console.WriteLine(
            Invariant($"// load: {options.Workers} worker(s), per worker 1 producer × {options.Consumers} consumers, {options.Rate:N0} pkt/s in per producer, ") +
            Invariant($"{options.Payload} B payload, {options.Seconds:0.#} s measured after {options.WarmUp:0.#} s warm-up; ") +
            Invariant($"{Environment.ProcessorCount} cores shared by the node, the sender and the sinks"));

        await using var node = SfuNode.Start(new NodeSettings { NodeId = NodeId, Workers = options.Workers }, loggerFactory: new StderrLoggerFactory());
        await using var sfu = new SfuClient(node.Connect());
        var sinks = await LoadSinks.StartAsync(options.Consumers * options.Workers);
        var rooms = new List<Room>();
        for (var w = 0; w < options.Workers; w++)
        {
            rooms.Add(await Room.CreateAsync(sfu, w, options, sinks.Addresses.Skip(w * options.Consumers).Take(options.Consumers)));
        }
        var sender = await LoadSender.StartAsync(options, [.. rooms.Select(r => r.Input)], [.. rooms.Select(r => r.Ssrc)]);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(options.WarmUp));
            var probes = node.Workers.Select(_ => new AllocationProbe()).ToArray();

            var scoreEvents = 0;
            foreach (var room in rooms)
            {
                room.Producer.ScoreChanged += (_, _) => Interlocked.Increment(ref scoreEvents);
                foreach (var consumer in room.Consumers)
                {
                    consumer.ScoreChanged += (_, _) => Interlocked.Increment(ref scoreEvents);
                }
            }
            var start = await SampleAsync(sfu, node, rooms, probes, sender, sinks, windowStart: true);
            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
            var end = await SampleAsync(sfu, node, rooms, probes, sender, sinks, windowStart: false);
            var seconds = clock.Elapsed.TotalSeconds;

            Report(options, start, end, seconds, Volatile.Read(ref scoreEvents));
            var failures = node.Workers.Sum(w => w.Loop.WorkFailures);
            if (failures > 0)
            {
                Console.WriteLine($"// {failures} work items or datagram handlers threw on the workers (see the log)");
                return 1;
            }
            return 0;
        }
        finally
        {
            await sender.StopAsync();
            await sinks.StopAsync();
        }
    }

    private static void Report(LoadOptions options, Sample start, Sample end, double seconds, int scoreEvents)
    {
        var sentPerProducer = (end.SentPerProducer - start.SentPerProducer) / seconds;
        var sentIn = sentPerProducer * options.Workers;
        var apiSeconds = Stopwatch.GetElapsedTime(start.ApiTimestamp, end.ApiTimestamp).TotalSeconds;
        var receivedBySfu = (end.ProducerPackets - start.ProducerPackets) / apiSeconds;
        var sentBySfu = (end.ConsumerPackets - start.ConsumerPackets) / apiSeconds;
        var received = (end.SinkRtp - start.SinkRtp) / seconds;
        var expected = sentIn * options.Consumers;
        var loss = expected <= 0 ? 0 : Math.Max(0, 1 - received / expected);
        var inputLoss = sentIn <= 0 ? 0 : Math.Max(0, 1 - receivedBySfu / sentIn);
        var outputLoss = sentBySfu <= 0 ? 0 : Math.Max(0, 1 - received / sentBySfu);

        Console.WriteLine(Invariant($"in:  sender {sentIn:N0} pkt/s; producers took {receivedBySfu:N0} pkt/s ({100 * inputLoss:0.00} % lost before the SFU took them; producers counted {end.ProducerPacketsLost - start.ProducerPacketsLost:N0} lost and NACKed {end.ProducerNackedPackets - start.ProducerNackedPackets:N0})"));
        Console.WriteLine(Invariant($"out: consumers sent {sentBySfu:N0} pkt/s; sinks received {received:N0} pkt/s ({100 * outputLoss:0.00} % lost after); end to end loss {100 * loss:0.00} % of sent × {options.Consumers}"));

        double totalCpu = 0;
        long totalAllocated = 0;
        for (var w = 0; w < options.Workers; w++)
        {
            var cpu = (end.WorkerCpuMs[w] - start.WorkerCpuMs[w]) / 1000.0 / apiSeconds;
            var user = (end.WorkerUserMs[w] - start.WorkerUserMs[w]) / 1000.0 / apiSeconds;
            var allocated = end.WorkerAllocated[w] - start.WorkerAllocated[w];
            totalCpu += cpu;
            totalAllocated += allocated;
            Console.WriteLine(Invariant(
                $"worker {w}: CPU {100 * cpu:0.0} % (user {100 * user:0.0} %, system {100 * (cpu - user):0.0} %), allocated {allocated:N0} B in the window ({end.PoolCreated[w] - start.PoolCreated[w]} new packet buffers)"));
        }
        var forwarded = (end.ConsumerPackets - start.ConsumerPackets);
        var perCore = totalCpu <= 0 ? 0 : sentBySfu / totalCpu;
        var bytesPerPacket = forwarded <= 0 ? 0 : (double)totalAllocated / forwarded;
        Console.WriteLine(Invariant(
            $"events: {scoreEvents} producer/consumer score changes in the window (each becomes a notification, which allocates on the worker)"));
        Console.WriteLine(Invariant(
            $"other threads: sender CPU {100 * (end.SenderCpuMs - start.SenderCpuMs) / 1000 / seconds:0.0} %, sinks CPU {100 * (end.SinkCpuMs - start.SinkCpuMs) / 1000 / seconds:0.0} %"));
        Console.WriteLine();
        Console.WriteLine("| workers | consumers | in pkt/s | forwarded pkt/s (received) | per worker | worker CPU | forwarded per worker CPU-second | loss | B allocated / forwarded pkt |");
        Console.WriteLine("|--------:|----------:|---------:|---------------------------:|-----------:|-----------:|--------------------------------:|-----:|----------------------------:|");
        Console.WriteLine(Invariant(
            $"| {options.Workers} | {options.Consumers} | {sentIn:N0} | {received:N0} | {received / options.Workers:N0} | {100 * totalCpu / options.Workers:0} % | {perCore:N0} | {100 * loss:0.00} % | {bytesPerPacket:0.000} |"));
    }

    /// <summary>
    /// Everything read at one edge of the window. The API calls (stats, resource usage) allocate on the workers, so
    /// they come before the allocation probes at the start and after them at the end: the window holds only traffic.
    /// </summary>
    private static async Task<Sample> SampleAsync(SfuClient sfu, SfuNode node, List<Room> rooms, AllocationProbe[] probes,
        LoadSender sender, LoadSinks sinks, bool windowStart)
    {
        var sample = new Sample(node.Workers.Count);
        if (windowStart)
        {
            await ReadApiAsync();
            ReadProbes();
            await ReadTrafficAsync();
        }
        else
        {
            await ReadTrafficAsync();
            ReadProbes();
            await ReadApiAsync();
        }
        return sample;

        async Task ReadTrafficAsync()
        {
            sample.SentPerProducer = await LoopCalls.InvokeAsync(sender.Loop, () => sender.SentPerTarget);
            sample.SenderCpuMs = await LoopCalls.InvokeAsync(sender.Loop, () =>
            {
                var usage = ThreadResourceUsage.ReadCurrentThread();
                return usage.UserTimeMs + usage.SystemTimeMs;
            });
            (sample.SinkRtp, _, sample.SinkCpuMs) = await sinks.SampleAsync();
        }

        void ReadProbes()
        {
            for (var w = 0; w < node.Workers.Count; w++)
            {
                sample.WorkerAllocated[w] = probes[w].Read(node.Workers[w].Loop);
                sample.PoolCreated[w] = node.Workers[w].Media.Pool.Created; // read after the probe ran: nothing races it
            }
        }

        async Task ReadApiAsync()
        {
            var before = Stopwatch.GetTimestamp();
            for (var w = 0; w < node.Workers.Count; w++)
            {
                var usage = await sfu.GetWorker(NodeId, w).GetResourceUsageAsync();
                sample.WorkerCpuMs[w] = usage.UserCpuTime + usage.SystemCpuTime;
                sample.WorkerUserMs[w] = usage.UserCpuTime;
            }
            foreach (var room in rooms)
            {
                var inbound = (await room.Producer.GetStatsAsync()).OfType<InboundRtpStats>().ToArray();
                sample.ProducerPackets += inbound.Sum(s => s.PacketCount);
                sample.ProducerNackedPackets += inbound.Sum(s => s.NackPacketCount);
                sample.ProducerPacketsLost += inbound.Sum(s => s.PacketsLost);
                foreach (var consumer in room.Consumers)
                {
                    sample.ConsumerPackets += (await consumer.GetStatsAsync()).OfType<OutboundRtpStats>().Sum(s => s.PacketCount);
                }
            }
            sample.ApiTimestamp = (before + Stopwatch.GetTimestamp()) / 2;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed class Sample(int workers)
    {
        public long SentPerProducer;
        public long ProducerPackets;
        public long ProducerNackedPackets;
        public long ProducerPacketsLost;

        /// <summary>When the stats were read (Stopwatch ticks, the middle of the API reads): their own window.</summary>
        public long ApiTimestamp;
        public long ConsumerPackets;
        public long SinkRtp;
        public double SenderCpuMs;
        public double SinkCpuMs;
        public readonly long[] WorkerCpuMs = new long[workers];
        public readonly long[] WorkerUserMs = new long[workers];
        public readonly long[] WorkerAllocated = new long[workers];
        public readonly long[] PoolCreated = new long[workers];
    }

    /// <summary>One worker's share: a router, its producer on a comedia plain transport, and the consumers.</summary>
    private sealed record Room(NetAddress Input, uint Ssrc, IProducer Producer, IReadOnlyList<IConsumer> Consumers)
    {
        public static async Task<Room> CreateAsync(SfuClient sfu, int workerId, LoadOptions options, IEnumerable<NetAddress> sinks)
        {
            var router = await sfu.CreateRouterAsync(new RouterOptions
            {
                WorkerId = workerId,
                MediaCodecs = [new RtpCodecCapability { Kind = MediaKind.Video, MimeType = "video/VP8", ClockRate = 90000 }],
            });
            var listen = new TransportListenInfo { Protocol = TransportProtocol.Udp, Ip = "127.0.0.1", RecvBufferSize = 4 << 20, SendBufferSize = 4 << 20 };
            var input = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = listen, Comedia = true });
            var ssrc = (uint)(10_000 + workerId);
            var producer = await input.ProduceAsync(new ProducerOptions
            {
                Kind = MediaKind.Video,
                RtpParameters = new RtpParameters
                {
                    Codecs =
                    [
                        new RtpCodecParameters
                        {
                            MimeType = "video/VP8", PayloadType = LoadOptions.PayloadType, ClockRate = 90000,
                            RtcpFeedback = [new RtcpFeedback("nack"), new RtcpFeedback("nack", "pli"), new RtcpFeedback("ccm", "fir")],
                        },
                    ],
                    Encodings = [new RtpEncodingParameters { Ssrc = ssrc }],
                },
            });
            var consumers = new List<IConsumer>();
            foreach (var sink in sinks)
            {
                var output = await router.CreatePlainTransportAsync(new PlainTransportOptions { ListenInfo = listen });
                consumers.Add(await output.ConsumeAsync(new ConsumerOptions { ProducerId = producer.Id, RtpCapabilities = router.RtpCapabilities }));
                await output.ConnectAsync(new PlainTransportConnectParameters { Ip = sink.IpToString(), Port = sink.Port });
            }
            if (!NetAddress.TryParse(input.Tuple.LocalAddress, input.Tuple.LocalPort, out var target))
            {
                throw new InvalidOperationException($"bad input tuple {input.Tuple.LocalAddress}:{input.Tuple.LocalPort}");
            }
            return new Room(target, ssrc, producer, consumers);
        }
    }
}
