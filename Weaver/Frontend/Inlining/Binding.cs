using Mono.Cecil;
using Mono.Cecil.Cil;

namespace AutoDiff.Weaver.Frontend.Inlining
{
    /// <summary>
    /// Where an inlined body finds one of its IL arguments: a parameter of the merged method
    /// (the primal's own arguments), a fresh local holding the value passed, or — for a
    /// <c>ref</c>/<c>in</c>/<c>this</c> argument that was the address of a local or parameter —
    /// that address itself, so the body's <c>ldarg</c> becomes the caller's <c>ldloca</c>.
    /// </summary>
    internal sealed class Binding
    {
        private readonly ParameterDefinition? _parameter;
        private readonly VariableDefinition? _local;
        private readonly bool _isAddress;

        private Binding(ParameterDefinition? parameter, VariableDefinition? local, bool isAddress)
        {
            _parameter = parameter;
            _local = local;
            _isAddress = isAddress;
        }

        public static Binding Parameter(ParameterDefinition p) => new Binding(p, null, false);

        public static Binding Local(VariableDefinition v) => new Binding(null, v, false);

        public static Binding AddressOf(ParameterDefinition p) => new Binding(p, null, true);

        public static Binding AddressOf(VariableDefinition v) => new Binding(null, v, true);

        /// <summary>ldarg of the argument.</summary>
        public Instruction Load() =>
            _isAddress
                ? _local != null ? Instruction.Create(OpCodes.Ldloca, _local) : Instruction.Create(OpCodes.Ldarga, _parameter!)
                : _local != null ? Instruction.Create(OpCodes.Ldloc, _local) : Instruction.Create(OpCodes.Ldarg, _parameter!);

        /// <summary>ldarga of the argument (never asked of an address binding: such arguments are bound only when the body takes no address of them).</summary>
        public Instruction Address() =>
            _isAddress ? throw new System.InvalidOperationException("the address of an argument bound to an address")
            : _local != null ? Instruction.Create(OpCodes.Ldloca, _local) : Instruction.Create(OpCodes.Ldarga, _parameter!);

        /// <summary>starg of the argument (likewise never asked of an address binding).</summary>
        public Instruction Store() =>
            _isAddress ? throw new System.InvalidOperationException("a store into an argument bound to an address")
            : _local != null ? Instruction.Create(OpCodes.Stloc, _local) : Instruction.Create(OpCodes.Starg, _parameter!);
    }
}
