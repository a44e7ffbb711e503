using System.Net;
using Sfu.Contracts.Api;
using Sfu.Contracts.Options;
using Sfu.Contracts.Rtp;
using Sfu.Contracts.Stats;
using Sfu.Contracts.Transports;
using Sfu.Interop.Tests.Harness;
using Sfu.Media.Srtp;

namespace Sfu.Interop.Tests.Sfu;

/// <summary>How a <see cref="ConsumerSink"/> receives.</summary>
internal sealed record SinkOptions
{
    /// <summary>Names the sink's tap in failure messages.</summary>
    public string Name { get; init; } = "consumer";

    /// <summary>SRTP from the SFU to the receiver in this suite (the consumer transport's <c>srtpCryptoSuite</c>); null for plain RTP.</summary>
    public SrtpCryptoSuite? Srtp { get; init; }

    /// <summary>C5: create the consumer paused.</summary>
    public bool Paused { get; init; }
}

/// <summary>
/// One consumer of a producer, sent out of the SFU on its own PlainTransport to a real GStreamer decoder with a
/// <see cref="UdpTap"/> in front of it: SFU consumer transport → tap → receiver. The tap records what the consumer sent
/// (decrypted with the transport's key when SRTP is on).
/// </summary>
internal sealed class ConsumerSink : IDisposable
{
    private ConsumerSink(IPlainTransport transport, IConsumer consumer, GstReceiver receiver, UdpTap tap, SrtpKeying? srtp)
    {
        Transport = transport;
        Consumer = consumer;
        Receiver = receiver;
        Tap = tap;
        Srtp = srtp;
    }

    public IPlainTransport Transport { get; }

    public IConsumer Consumer { get; }

    public GstReceiver Receiver { get; }

    public UdpTap Tap { get; }

    /// <summary>The key the SFU sends with (the consumer transport's <c>srtpParameters</c>), or null.</summary>
    public SrtpKeying? Srtp { get; }

    /// <summary>The consumer's SSRC: every packet on the tap carries it.</summary>
    public uint Ssrc => Consumer.RtpParameters.Encodings![0].Ssrc!.Value;

    public byte PayloadType => (byte)Consumer.RtpParameters.Codecs[0].PayloadType;

    /// <summary>
    /// Creates the consumer transport and the consumer, starts the decoder and the tap, then connects the transport to
    /// the tap. With SRTP the transport is created in the suite, the receiver and the tap get the transport's key,
    /// and <c>connect</c> carries a key of the same suite (the receiver's, never used: it sends nothing back).
    /// </summary>
    public static async Task<ConsumerSink> StartAsync(IRouter router, string producerId, SinkOptions? options = null)
    {
        options ??= new SinkOptions();
        var transport = await router.CreatePlainTransportAsync(new PlainTransportOptions
        {
            ListenInfo = SfuFixture.Loopback,
            EnableSrtp = options.Srtp is not null,
            SrtpCryptoSuite = options.Srtp,
        });
        var consumer = await transport.ConsumeAsync(new ConsumerOptions
        {
            ProducerId = producerId,
            RtpCapabilities = router.RtpCapabilities,
            Paused = options.Paused,
        });
        var srtp = transport.SrtpParameters is { } parameters ? SrtpKeying.From(parameters) : null;
        var payloadType = (byte)consumer.RtpParameters.Codecs[0].PayloadType;
        var receiverOptions = new ReceiverOptions
        {
            PayloadType = payloadType,
            Srtp = srtp,
            Ssrc = consumer.RtpParameters.Encodings![0].Ssrc,
        };
        var receiver = consumer.Kind == MediaKind.Video
            ? await GstReceiver.StartVp8Async(receiverOptions)
            : await GstReceiver.StartOpusAsync(receiverOptions);
        UdpTap? tap = null;
        try
        {
            tap = UdpTap.Start(receiver.EndPoint, new UdpTapOptions { Name = $"{options.Name} tap", Srtp = srtp });
            await transport.ConnectAsync(new PlainTransportConnectParameters
            {
                Ip = "127.0.0.1",
                Port = tap.Port,
                SrtpParameters = srtp is null ? null : SrtpKeying.Generate(srtp.Profile).ToSrtpParameters(),
            });
        }
        catch
        {
            tap?.Dispose();
            receiver.Dispose();
            throw;
        }

        return new ConsumerSink(transport, consumer, receiver, tap, srtp);
    }

    /// <summary>The consumer's own stream in its stats (C12: outbound-rtp first).</summary>
    public async Task<OutboundRtpStats> GetOutboundStatsAsync() =>
        (await Consumer.GetStatsAsync()).OfType<OutboundRtpStats>().Single();

    /// <summary>Fails with the tap's and the receiver's state unless every tapped packet is this consumer's, in order, with no gap.</summary>
    public void AssertContinuousStream()
    {
        var packets = Tap.Packets;
        Assert.True(packets.Count > 0, Tap.Describe("no packets"));
        for (int i = 0; i < packets.Count; i++)
        {
            Assert.True(packets[i].Ssrc == Ssrc, Tap.Describe($"packet #{i} has SSRC {packets[i].Ssrc}, the consumer's is {Ssrc}"));
            Assert.True(packets[i].PayloadType == PayloadType, Tap.Describe($"packet #{i} has PT {packets[i].PayloadType}, the consumer's is {PayloadType}"));
            if (i > 0)
            {
                Assert.True(
                    packets[i].SequenceNumber == (ushort)(packets[i - 1].SequenceNumber + 1),
                    Tap.Describe($"sequence gap or reorder between #{i - 1} ({packets[i - 1].SequenceNumber}) and #{i} ({packets[i].SequenceNumber})"));
            }
        }
    }

    public void Dispose()
    {
        Tap.Dispose();
        Receiver.Dispose();
    }
}

/// <summary>Small helpers the SFU media tests share.</summary>
internal static class MediaAssert
{
    /// <summary>
    /// Packets the SFU must receive from the sender while paused: about 1.5 s of video, deliberately not a multiple of
    /// the sender's 30-frame key frame interval, so that the sender's next packet after the wait is not (by the
    /// stream's own rhythm) a key frame start.
    /// </summary>
    public const int PacketsWhilePaused = 45;

    private static readonly TimeSpan Timeout = SfuFixture.Timeout;

    public static IPEndPoint InputOf(IPlainTransport transport) => SfuFixture.EndPointOf(transport.Tuple);

    /// <summary>The producer's stream in its stats (P10: one inbound-rtp per encoding that has received RTP).</summary>
    public static async Task<InboundRtpStats?> InboundStatsAsync(IProducer producer) =>
        (await producer.GetStatsAsync()).OfType<InboundRtpStats>().SingleOrDefault();

    /// <summary>
    /// Waits until the SFU has received <paramref name="count"/> more packets of <paramref name="producer"/> than
    /// <paramref name="since"/> (its inbound-rtp <c>packetCount</c>): proof that time passed with media flowing into
    /// the SFU, measured in packets it processed. Polls <c>getStats</c>; fails on timeout.
    /// </summary>
    public static async Task<long> WaitForProducerPacketsAsync(IProducer producer, long since, int count, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        long seen = since;
        while (true)
        {
            seen = (await InboundStatsAsync(producer))?.PacketCount ?? 0;
            if (seen >= since + count)
            {
                return seen;
            }

            try
            {
                // Poll interval of a condition wait (not a synchronization by time): the condition decides.
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"timed out after {timeout.TotalSeconds:0.#} s waiting for producer {producer.Id} to receive {count} packets after {since}; it has {seen}");
            }
        }
    }

    /// <summary>
    /// While the SFU receives <see cref="PacketsWhilePaused"/> more packets from the sender, the consumer sends none:
    /// its outbound packetCount stays and its tap sees nothing new.
    /// </summary>
    public static async Task AssertNothingSentWhileSenderGoesOnAsync(IProducer producer, ConsumerSink sink, long sentBeforePause)
    {
        long received = (await InboundStatsAsync(producer))!.PacketCount;
        await WaitForProducerPacketsAsync(producer, received, PacketsWhilePaused, Timeout);

        Assert.Equal(sentBeforePause, (await sink.GetOutboundStatsAsync()).PacketCount);
        Assert.True(sink.Tap.PacketCount == sentBeforePause, sink.Tap.Describe($"packets arrived while paused (sent before the pause: {sentBeforePause})"));
    }

    /// <summary>The first packet after <paramref name="resumed"/> starts a VP8 key frame and follows the last one before the pause.</summary>
    public static async Task AssertRestartsAtKeyFrameAsync(ConsumerSink sink, TapMark resumed, TappedPacket lastBeforePause)
    {
        var firstAfterResume = await sink.Tap.WaitForNextPacketAsync(resumed, Timeout);
        Assert.True(firstAfterResume.IsVp8KeyFrameStart, sink.Tap.Describe($"{firstAfterResume} after resume is not the start of a key frame"));
        Assert.True(
            firstAfterResume.SequenceNumber == (ushort)(lastBeforePause.SequenceNumber + 1),
            sink.Tap.Describe($"after {lastBeforePause} the first packet after resume is {firstAfterResume}"));
    }

    /// <summary>A task completed by the first raise of an event.</summary>
    public static Task Raised(Action<EventHandler> subscribe)
    {
        var raised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe((_, _) => raised.TrySetResult());
        return raised.Task;
    }
}
