using System.Collections.ObjectModel;
using Sfu.Contracts.Rtp;

namespace Sfu.Media.Ortc;

/// <summary>
/// Helpers over codec parameter maps with JavaScript's semantics, which mediasoup's negotiation relies on: strict
/// equality (<c>1 !== '1'</c>), truthiness (<c>''</c> and <c>0</c> are falsy) and insertion-ordered keys.
/// </summary>
internal static class CodecParameters
{
    public static readonly IReadOnlyDictionary<string, CodecParameterValue> Empty =
        new ReadOnlyDictionary<string, CodecParameterValue>(new OrderedDictionary<string, CodecParameterValue>(StringComparer.Ordinal));

    /// <summary>A new, insertion-ordered, mutable map.</summary>
    public static OrderedDictionary<string, CodecParameterValue> Create(int capacity = 0) =>
        new(capacity, StringComparer.Ordinal);

    /// <summary>A copy that keeps the key order.</summary>
    public static OrderedDictionary<string, CodecParameterValue> Copy(IReadOnlyDictionary<string, CodecParameterValue>? source)
    {
        var copy = Create(source?.Count ?? 0);
        if (source is not null)
        {
            foreach (var pair in source)
            {
                copy[pair.Key] = pair.Value;
            }
        }
        return copy;
    }

    /// <summary>
    /// <c>{ ...first, ...second }</c>: keys of <paramref name="first"/> keep their place, values from
    /// <paramref name="second"/> win, new keys of <paramref name="second"/> follow in their order.
    /// </summary>
    public static OrderedDictionary<string, CodecParameterValue> Merge(
        IReadOnlyDictionary<string, CodecParameterValue>? first,
        IReadOnlyDictionary<string, CodecParameterValue>? second)
    {
        var merged = Copy(first);
        if (second is not null)
        {
            foreach (var pair in second)
            {
                merged[pair.Key] = pair.Value;
            }
        }
        return merged;
    }

    /// <summary>The value of <paramref name="key"/>, or null when absent (JavaScript <c>undefined</c>).</summary>
    public static CodecParameterValue? Get(IReadOnlyDictionary<string, CodecParameterValue>? parameters, string key) =>
        parameters is not null && parameters.TryGetValue(key, out var value) ? (CodecParameterValue?)value : null;

    /// <summary>JavaScript truthiness: absent, <c>''</c>, <c>0</c> and NaN are falsy.</summary>
    public static bool IsTruthy(CodecParameterValue? value) =>
        value is { } v && (v.IsString ? v.String!.Length > 0 : v.Number != 0 && !double.IsNaN(v.Number));

    /// <summary><c>value || 0</c>.</summary>
    public static CodecParameterValue? OrZero(CodecParameterValue? value) =>
        IsTruthy(value) ? value : CodecParameterValue.FromNumber(0);

    /// <summary>JavaScript <c>a === b</c> on two possibly absent values (absent equals absent).</summary>
    public static bool StrictEquals(CodecParameterValue? a, CodecParameterValue? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        var x = a.Value;
        var y = b.Value;
        if (x.IsString != y.IsString)
        {
            return false;
        }
        return x.IsString ? string.Equals(x.String, y.String, StringComparison.Ordinal) : x.Number == y.Number;
    }

    /// <summary>True when <paramref name="value"/> is the number <paramref name="number"/> (strict: a string never is).</summary>
    public static bool IsNumber(CodecParameterValue? value, double number) =>
        value is { IsNumber: true } v && v.Number == number;
}
