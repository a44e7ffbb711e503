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

    /// <summary>Fails, with the tap's state, unless every tapped packet is this consumer's, in order, with no gap.</summary>
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
