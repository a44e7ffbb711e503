namespace Sfu.Contracts;

/// <summary>
/// An error that crosses the API with a wire name, as mediasoup's errors do (C0.1).
/// A plain <see cref="SfuException"/> is mediasoup's <c>Error</c>: any failure that is not one of the named kinds.
/// </summary>
public class SfuException : Exception
{
    public SfuException(string reason) : this(ErrorNames.Error, reason) { }

    public SfuException(string name, string reason, Exception? inner = null) : base(reason, inner)
    {
        Name = name;
    }

    /// <summary>The wire name: <c>TypeError</c>, <c>UnsupportedError</c>, <c>InvalidStateError</c>, <c>Error</c>, or a cluster error.</summary>
    public string Name { get; }

    /// <summary>Builds the exception kind that a wire error name stands for.</summary>
    public static SfuException FromWire(string? name, string? reason) => name switch
    {
        ErrorNames.TypeError => new TypeError(reason ?? ""),
        ErrorNames.UnsupportedError => new UnsupportedError(reason ?? ""),
        ErrorNames.InvalidStateError => new InvalidStateError(reason ?? ""),
        ErrorNames.NodeUnavailable => new NodeUnavailableError(reason ?? ""),
        ErrorNames.DeadlineExceeded => new DeadlineExceededError(reason ?? ""),
        ErrorNames.Draining => new DrainingError(reason ?? ""),
        // Error, and any name outside the closed set (as mediasoup's Channel does with worker errors): a plain Error.
        _ => new SfuException(reason ?? ""),
    };
}

/// <summary>Bad arguments.</summary>
public sealed class TypeError(string reason) : SfuException(ErrorNames.TypeError, reason);

/// <summary>A codec or capability that cannot be supported (raised by ORTC).</summary>
public sealed class UnsupportedError(string reason) : SfuException(ErrorNames.UnsupportedError, reason);

/// <summary>The object or channel is closed (mediasoup: the worker's channel is gone).</summary>
public sealed class InvalidStateError(string reason) : SfuException(ErrorNames.InvalidStateError, reason);

/// <summary>The node that owns the target is gone (no route to its queue).</summary>
public sealed class NodeUnavailableError(string reason) : SfuException(ErrorNames.NodeUnavailable, reason);

/// <summary>The request's deadline passed before an answer came.</summary>
public sealed class DeadlineExceededError(string reason) : SfuException(ErrorNames.DeadlineExceeded, reason);

/// <summary>The node is draining and takes no new routers.</summary>
public sealed class DrainingError(string reason) : SfuException(ErrorNames.Draining, reason);

/// <summary>The error names used on the wire.</summary>
public static class ErrorNames
{
    public const string TypeError = "TypeError";
    public const string UnsupportedError = "UnsupportedError";
    public const string InvalidStateError = "InvalidStateError";
    public const string Error = "Error";
    public const string NodeUnavailable = "NodeUnavailable";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string Draining = "Draining";
}
