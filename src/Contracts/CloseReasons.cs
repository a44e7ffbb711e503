namespace Sfu.Contracts;

/// <summary>Why an entity closed, as carried by <c>*.close</c> notifications.</summary>
public static class CloseReasons
{
    /// <summary>Closed by an API request.</summary>
    public const string App = "app";

    /// <summary>Its worker stopped.</summary>
    public const string WorkerClose = "workerclose";

    /// <summary>Its router closed.</summary>
    public const string RouterClose = "routerclose";

    /// <summary>Its transport closed.</summary>
    public const string TransportClose = "transportclose";

    /// <summary>Its producer closed (consumers).</summary>
    public const string ProducerClose = "producerclose";

    /// <summary>Its data producer closed (data consumers).</summary>
    public const string DataProducerClose = "dataproducerclose";

    /// <summary>The other half of a pipe (pipe consumer or pipe producer, or the peer pipe transport) closed.</summary>
    public const string PipeClose = "pipeclose";

    /// <summary>The node is shutting down.</summary>
    public const string NodeShutdown = "NodeShutdown";

    /// <summary>The owning node was declared dead.</summary>
    public const string NodeLost = "NodeLost";

    /// <summary>The app session that owned it did not come back within its grace period.</summary>
    public const string OwnerLost = "OwnerLost";
}
