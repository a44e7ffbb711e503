namespace Sfu.Contracts.Wire;

/// <summary>
/// Method names of the wire API: <c>&lt;object&gt;.&lt;mediasoup method name&gt;</c>, the target's id travelling as
/// <c>&lt;object&gt;Id</c> in <c>data</c>. Notifications use <c>&lt;object&gt;.&lt;mediasoup event name&gt;</c>.
/// </summary>
public static class WireMethods
{
    // cluster (any node answers)
    public const string ClusterGetNodes = "cluster.getNodes";
    public const string ClusterCreateRouter = "cluster.createRouter";

    // worker (addressed by nodeId + workerId)
    public const string WorkerDump = "worker.dump";
    public const string WorkerGetResourceUsage = "worker.getResourceUsage";
    public const string WorkerUpdateSettings = "worker.updateSettings";
    public const string WorkerCreateWebRtcServer = "worker.createWebRtcServer";

    // webRtcServer
    public const string WebRtcServerClose = "webRtcServer.close";
    public const string WebRtcServerDump = "webRtcServer.dump";

    // router
    public const string RouterClose = "router.close";
    public const string RouterDump = "router.dump";
    public const string RouterCanConsume = "router.canConsume";
    public const string RouterCreateWebRtcTransport = "router.createWebRtcTransport";
    public const string RouterCreatePlainTransport = "router.createPlainTransport";
    public const string RouterCreatePipeTransport = "router.createPipeTransport";
    public const string RouterCreateDirectTransport = "router.createDirectTransport";
    public const string RouterPipeToRouter = "router.pipeToRouter";
    public const string RouterCreateActiveSpeakerObserver = "router.createActiveSpeakerObserver";
    public const string RouterCreateAudioLevelObserver = "router.createAudioLevelObserver";

    // transport
    public const string TransportClose = "transport.close";
    public const string TransportDump = "transport.dump";
    public const string TransportGetStats = "transport.getStats";
    public const string TransportConnect = "transport.connect";
    public const string TransportProduce = "transport.produce";
    public const string TransportConsume = "transport.consume";
    public const string TransportProduceData = "transport.produceData";
    public const string TransportConsumeData = "transport.consumeData";
    public const string TransportSetMaxIncomingBitrate = "transport.setMaxIncomingBitrate";
    public const string TransportSetMaxOutgoingBitrate = "transport.setMaxOutgoingBitrate";
    public const string TransportSetMinOutgoingBitrate = "transport.setMinOutgoingBitrate";
    public const string TransportEnableTraceEvent = "transport.enableTraceEvent";
    public const string TransportRestartIce = "transport.restartIce";
    public const string TransportSendRtcp = "transport.sendRtcp";

    // producer
    public const string ProducerClose = "producer.close";
    public const string ProducerDump = "producer.dump";
    public const string ProducerGetStats = "producer.getStats";
    public const string ProducerPause = "producer.pause";
    public const string ProducerResume = "producer.resume";
    public const string ProducerEnableTraceEvent = "producer.enableTraceEvent";
    public const string ProducerSend = "producer.send";

    // consumer
    public const string ConsumerClose = "consumer.close";
    public const string ConsumerDump = "consumer.dump";
    public const string ConsumerGetStats = "consumer.getStats";
    public const string ConsumerPause = "consumer.pause";
    public const string ConsumerResume = "consumer.resume";
    public const string ConsumerSetPreferredLayers = "consumer.setPreferredLayers";
    public const string ConsumerSetPriority = "consumer.setPriority";
    public const string ConsumerUnsetPriority = "consumer.unsetPriority";
    public const string ConsumerRequestKeyFrame = "consumer.requestKeyFrame";
    public const string ConsumerEnableTraceEvent = "consumer.enableTraceEvent";

    // dataProducer
    public const string DataProducerClose = "dataProducer.close";
    public const string DataProducerDump = "dataProducer.dump";
    public const string DataProducerGetStats = "dataProducer.getStats";
    public const string DataProducerPause = "dataProducer.pause";
    public const string DataProducerResume = "dataProducer.resume";
    public const string DataProducerSend = "dataProducer.send";

    // dataConsumer
    public const string DataConsumerClose = "dataConsumer.close";
    public const string DataConsumerDump = "dataConsumer.dump";
    public const string DataConsumerGetStats = "dataConsumer.getStats";
    public const string DataConsumerPause = "dataConsumer.pause";
    public const string DataConsumerResume = "dataConsumer.resume";
    public const string DataConsumerGetBufferedAmount = "dataConsumer.getBufferedAmount";
    public const string DataConsumerSetBufferedAmountLowThreshold = "dataConsumer.setBufferedAmountLowThreshold";
    public const string DataConsumerSend = "dataConsumer.send";
    public const string DataConsumerSetSubchannels = "dataConsumer.setSubchannels";
    public const string DataConsumerAddSubchannel = "dataConsumer.addSubchannel";
    public const string DataConsumerRemoveSubchannel = "dataConsumer.removeSubchannel";

    // rtpObserver
    public const string RtpObserverClose = "rtpObserver.close";
    public const string RtpObserverPause = "rtpObserver.pause";
    public const string RtpObserverResume = "rtpObserver.resume";
    public const string RtpObserverAddProducer = "rtpObserver.addProducer";
    public const string RtpObserverRemoveProducer = "rtpObserver.removeProducer";

    /// <summary>Notification sent when a bad message carries no id to answer.</summary>
    public const string ErrorNotification = "error";

    // notifications (events): <object>.<mediasoup event name>, the object's id in data
    public const string RouterClosed = "router.close";
    public const string TransportClosed = "transport.close";
    public const string TransportTupleNotification = "transport.tuple";
    public const string TransportRtcpTupleNotification = "transport.rtcptuple";
    public const string TransportTraceNotification = "transport.trace";
    public const string TransportSctpStateChangeNotification = "transport.sctpstatechange";
    public const string ProducerClosed = "producer.close";
    public const string ProducerScoreNotification = "producer.score";
    public const string ProducerPauseNotification = "producer.pause";
    public const string ProducerResumeNotification = "producer.resume";
    public const string ProducerVideoOrientationChangeNotification = "producer.videoorientationchange";
    public const string ProducerTraceNotification = "producer.trace";
    public const string ConsumerClosed = "consumer.close";
    public const string ConsumerProducerCloseNotification = "consumer.producerclose";
    public const string ConsumerProducerPauseNotification = "consumer.producerpause";
    public const string ConsumerProducerResumeNotification = "consumer.producerresume";
    public const string ConsumerScoreNotification = "consumer.score";
    public const string ConsumerTraceNotification = "consumer.trace";

    /// <summary>Every request method of mediasoup's API, as named on this wire.</summary>
    public static IReadOnlySet<string> All { get; } = typeof(WireMethods)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name != nameof(ErrorNotification) && !f.Name.EndsWith("Closed", StringComparison.Ordinal) && !f.Name.EndsWith("Notification", StringComparison.Ordinal))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);
}
