using System.Globalization;

namespace Sfu.Benchmarks.Load;

/// <summary>The load command's arguments.</summary>
internal sealed record LoadOptions
{
    public const byte PayloadType = 96;

    /// <summary>Consumers per producer (one plain transport and one sink socket each).</summary>
    public int Consumers { get; init; } = 4;

    /// <summary>Packets per second each producer receives.</summary>
    public int Rate { get; init; } = 10_000;

    /// <summary>Measured seconds (after the warm-up).</summary>
    public double Seconds { get; init; } = 10;

    /// <summary>Media workers; each gets a router with one producer and its consumers.</summary>
    public int Workers { get; init; } = 1;

    /// <summary>Seconds of traffic before measuring (retransmission buffers and pools fill, JIT settles).</summary>
    public double WarmUp { get; init; } = 3;

    /// <summary>RTP payload bytes.</summary>
    public int Payload { get; init; } = 1000;

    public int PacketsPerFrame { get; init; } = 10;

    public int FramesPerKeyFrame { get; init; } = 30;

    public const string Usage =
        "load [--consumers N=4] [--rate pps=10000] [--seconds S=10] [--workers W=1] [--warmup S=3] [--payload B=1000]";

    /// <summary>Parses <c>--name value</c> pairs; null (and a message on stderr) on anything else.</summary>
    public static LoadOptions? Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i += 2)
        {
            if (i + 1 >= args.Length || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            {
                Console.Error.WriteLine($"load: bad or missing value for {args[i]}\nusage: {Usage}");
                return null;
            }
            switch (args[i])
            {
                case "--consumers":
                    options = options with { Consumers = (int)value };
                    break;
                case "--rate":
                    options = options with { Rate = (int)value };
                    break;
                case "--seconds":
                    options = options with { Seconds = value };
                    break;
                case "--workers":
                    options = options with { Workers = (int)value };
                    break;
                case "--warmup":
                    options = options with { WarmUp = value };
                    break;
                case "--payload":
                    options = options with { Payload = Math.Clamp((int)value, 2, 1400) };
                    break;
                default:
                    Console.Error.WriteLine($"load: unknown option {args[i]}\nusage: {Usage}");
                    return null;
            }
        }
        return options;
    }
}
