using System.Net;
using Sfu.Contracts.Api;
using Sfu.Contracts.Stats;
using Sfu.Interop.Tests.Harness;

namespace Sfu.Interop.Tests.Sfu;

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

    /// <summary>
    /// C5 with real media: pausing the consumer stops its packets while the sender goes on; resuming restarts them
    /// at a key frame right after the last packet before the pause, and the decoder decodes 30 more frames.
    /// </summary>
    public static async Task PauseAndResumeConsumerAsync(IProducer producer, ConsumerSink sink)
    {
        await sink.Consumer.PauseAsync();
        Assert.True(sink.Consumer.IsPaused);
        long sentBeforePause = (await sink.GetOutboundStatsAsync()).PacketCount;
        await sink.Tap.WaitForPacketsAsync((int)sentBeforePause, Timeout); // what left before the pause has arrived
        await AssertNothingSentWhileSenderGoesOnAsync(producer, sink, sentBeforePause);

        var lastBeforePause = sink.Tap.Packets[^1];
        long framesBeforeResume = sink.Receiver.DecodedFrames;
        var resumed = sink.Tap.Mark();
        await sink.Consumer.ResumeAsync();

        await AssertRestartsAtKeyFrameAsync(sink, resumed, lastBeforePause);
        await sink.Receiver.WaitForFramesAsync(framesBeforeResume + 30, Timeout);
    }

    /// <summary>A task completed by the first raise of an event.</summary>
    public static Task Raised(Action<EventHandler> subscribe)
    {
        var raised = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        subscribe((_, _) => raised.TrySetResult());
        return raised.Task;
    }
}
