using System.Globalization;

namespace Sfu.ClusterHost.Configuration.Hocon;

/// <summary>
/// A HOCON document could not be read: bad syntax, a bad or missing required include, or a substitution that cannot
/// be resolved (unset path, cycle). Carries the file, line and column of the offending text.
/// </summary>
public sealed class HoconParseException : Exception
{
    public HoconParseException(string reason, string? fileName, int line, int column, Exception? innerException = null)
        : base(Format(reason, fileName, line, column), innerException)
    {
        Reason = reason;
        FileName = fileName;
        Line = line;
        Column = column;
    }

    internal HoconParseException(string reason, HoconOrigin origin, Exception? innerException = null)
        : this(reason, origin.FileName, origin.Line, origin.Column, innerException)
    {
    }

    /// <summary>The error without its position.</summary>
    public string Reason { get; }

    /// <summary>The file being read, or null for text parsed without a file name.</summary>
    public string? FileName { get; }

    /// <summary>1-based line of the offending text.</summary>
    public int Line { get; }

    /// <summary>1-based column (UTF-16 code units) of the offending text.</summary>
    public int Column { get; }

    private static string Format(string reason, string? fileName, int line, int column) =>
        string.Create(CultureInfo.InvariantCulture, $"{fileName ?? "<hocon>"}:{line}:{column}: {reason}");
}

/// <summary>
/// A resolved configuration does not have the value a reader asked for: the path is missing, null, or holds a value
/// of another type (HOCON.md "Automatic type conversions").
/// </summary>
public sealed class HoconConfigException : Exception
{
    public HoconConfigException(string path, string reason, HoconOrigin? origin = null)
        : base(origin is { } o ? $"Configuration path '{path}': {reason} ({o})" : $"Configuration path '{path}': {reason}")
    {
        Path = path;
        Reason = reason;
        Origin = origin;
    }

    /// <summary>The path that was asked for, as given.</summary>
    public string Path { get; }

    /// <summary>The error without the path.</summary>
    public string Reason { get; }

    /// <summary>Where the offending value was written, when there is one.</summary>
    public HoconOrigin? Origin { get; }
}
