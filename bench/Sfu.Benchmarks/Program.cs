using System.Reflection;
using Sfu.Benchmarks;

// dotnet run -c Release --project bench/Sfu.Benchmarks -- <command> [args]
// Commands are the IBenchCommand classes of this assembly; with no command, the list is printed.
var commands = typeof(IBenchCommand).Assembly.GetTypes()
    .Where(t => typeof(IBenchCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchCommand)Activator.CreateInstance(t)!)
    .OrderBy(c => c.Name, StringComparer.Ordinal)
    .ToArray();

var command = args.Length > 0 ? commands.FirstOrDefault(c => c.Name == args[0]) : null;
if (command is null)
{
    Console.WriteLine("usage: dotnet run -c Release --project bench/Sfu.Benchmarks -- <command> [args]");
    foreach (var c in commands)
    {
        Console.WriteLine($"  {c.Name,-10} {c.Description}");
    }
    return args.Length == 0 ? 0 : 2;
}
return await command.RunAsync(args[1..]);

namespace Sfu.Benchmarks
{
    /// <summary>One benchmark command of this program (found by reflection, so each lives in its own file).</summary>
    public interface IBenchCommand
    {
        string Name { get; }

        string Description { get; }

        Task<int> RunAsync(string[] args);
    }
}
