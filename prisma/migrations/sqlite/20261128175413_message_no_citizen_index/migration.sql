-- DropIndex
DROP INDEX "Message_citizenId_idx";
