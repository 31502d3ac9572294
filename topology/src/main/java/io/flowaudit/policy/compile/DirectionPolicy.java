package io.flowaudit.policy.compile;

import io.flowaudit.policy.model.Direction;
import io.flowaudit.policy.model.RuleRef;
import java.util.BitSet;
import java.util.List;

/**
 * What applies to one subject in one direction (R19-R25): the selected elements, whether the direction is
 * enforced, whether it is default deny, and which elements made it so.
 *
 * @param id dense id, part of port-table cache keys
 * @param elements bit set of selected element indices
 */
record DirectionPolicy(int id, Direction direction, BitSet elements, boolean enforced, boolean defaultDeny,
                       List<RuleRef> enforcedBy, String subjectName, PortTableSlots tables, PortVerdict notEnforced) {
}
