namespace AutoDiff
{
    /// <summary>
    /// How one parameter (or the return value) of a primal method takes part in its derivative.
    /// The meaning of each member is the contract in semantics.md.
    /// </summary>
    public enum Activity
    {
        /// <summary>Not differentiated (both modes).</summary>
        Const = 0,
        /// <summary>Reverse mode: a scalar (or struct of scalars) whose gradient is returned; on the return, a seed <c>dret</c> is appended.</summary>
        Active = 1,
        /// <summary>Reverse mode: as <see cref="Active"/>, but the primal return value is left out of the result.</summary>
        ActiveOnly = 2,
        /// <summary>Reverse mode: memory (array, span, ref, pointer, object) followed by a shadow <c>d&lt;name&gt;</c> into which gradients are added.</summary>
        Duplicated = 3,
        /// <summary>Reverse mode: as <see cref="Duplicated"/>, but the primal values after the call are not needed.</summary>
        DuplicatedOnly = 4,
        /// <summary>Forward mode: a tangent <c>d&lt;name&gt;</c> follows the parameter; on the return, <c>(primal, tangent)</c>.</summary>
        Dual = 5,
        /// <summary>Forward mode: as <see cref="Dual"/>; on the return, the tangent alone.</summary>
        DualOnly = 6,
    }
}
