-- Issue 17: the personal services the demo town seeded as Open311 services become private
-- (never offered nor listed publicly). Data only: a town that wants one public sets it again.
UPDATE "TicketCategory" SET "open311" = false WHERE "code" IN ('appointment', 'civil_status', 'school_enrollment', 'subsidy', 'building_permit');
