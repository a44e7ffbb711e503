using System.Globalization;

namespace Sfu.Benchmarks.Net;

/// <summary>
/// UDP datagrams per second on loopback: one sending loop fans out round-robin to N receiving endpoints (all on one
/// receiving loop), for (a) epoll loops with sendmmsg/recvmmsg, (b) portable loops with Socket calls, (c) a bare
/// blocking Socket.SendTo loop on a plain thread as the sending ceiling (received by an epoll loop); then ping-pong
/// latency and the idle cost of 1000 silent sockets.
/// </summary>
public sealed class UdpCommand : IBenchCommand
{
    public string Name => "udp";

    public string Description => "UDP loopback: epoll vs portable vs bare sockets [--seconds 2] [--sizes 200,1200] [--receivers 1,4] [--modes epoll,portable,bare]";

    public async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine("usage: udp [--seconds S] [--sizes 200,1200] [--receivers 1,4] [--modes epoll,portable,bare]");
            return 2;
        }

        Console.WriteLine($"UDP loopback fan-out, {options.Seconds:0.#} s per case, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Console.WriteLine();
        Console.WriteLine("| path                          | payload | receivers | sent pkt/s | received pkt/s | lost  | send CPU ns/pkt | receive CPU ns/pkt |");
        Console.WriteLine("|-------------------------------|--------:|----------:|-----------:|---------------:|------:|----------------:|-------------------:|");
        foreach (var mode in options.Modes)
        {
            foreach (var size in options.Sizes)
            {
                foreach (var receivers in options.Receivers)
                {
                    var result = await FanOutCase.RunAsync(mode, size, receivers, options.Seconds);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {FanOutCase.Describe(mode),-29} | {size,7} | {receivers,9} | {result.SentPerSecond,10:N0} | {result.ReceivedPerSecond,14:N0} | {result.LossPercent,4:0.0}% | {result.SendCpuNsPerPacket,15:N0} | {result.ReceiveCpuNsPerPacket,18:N0} |"));
                }
            }
        }

        Console.WriteLine();
        Console.WriteLine("Ping-pong (one datagram in flight, 200 bytes) and idle cost (1000 bound sockets, no traffic):");
        Console.WriteLine();
        Console.WriteLine("| path                          | round trips/s | mean RTT µs | idle loop CPU, ms per s |");
        Console.WriteLine("|-------------------------------|--------------:|------------:|------------------------:|");
        foreach (var mode in options.Modes.Where(m => m != "bare"))
        {
            var trips = await PingPongCase.RunAsync(mode, options.Seconds);
            var idle = await IdleCase.RunAsync(mode, 1000, options.Seconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {FanOutCase.Describe(mode),-29} | {trips,13:N0} | {1e6 / trips,11:N1} | {idle,23:N1} |"));
        }
        return 0;
    }
}

    internal sealed record BenchOptions(double Seconds, int[] Sizes, int[] Receivers, string[] Modes)
    {
        public static BenchOptions? Parse(string[] args)
        {
            var seconds = 2.0;
            int[] sizes = [200, 1200];
            int[] receivers = [1, 4];
            string[] modes = ["epoll", "epoll-eager", "portable", "bare"];
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                var value = args[i + 1];
                switch (args[i])
                {
                    case "--seconds":
                        seconds = double.Parse(value, CultureInfo.InvariantCulture);
                        break;
                    case "--sizes":
                        sizes = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                        break;
                    case "--receivers":
                        receivers = value.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                        break;
                    case "--modes":
                        modes = value.Split(',');
                        break;
                    default:
                        return null;
                }
            }
            return args.Length % 2 == 0 && modes.All(m => m is "epoll" or "epoll-eager" or "portable" or "bare")
                ? new BenchOptions(seconds, sizes, receivers, modes)
                : null;
        }
    }
